from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """The portal is by invitation: nobody signs themselves up."""

    def is_open_for_signup(self, request) -> bool:
        return False
