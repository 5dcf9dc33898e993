import { initAll } from '../vendor/govuk-frontend/js/govuk-frontend.min.js'

initAll()
