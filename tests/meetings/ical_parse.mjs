// Parse an iCalendar file with ical.js (Mozilla's parser, used by Thunderbird) and
// print each event's uid, summary, start/end in UTC and status as JSON.
//
//   node tests/meetings/ical_parse.mjs FILE.ics
//
// Exits non-zero when the file does not parse, or when an event's time names a
// time zone the file does not define (ical.js would silently treat it as floating).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}

function utc(time, what, uid) {
  if (!time) {
    throw new Error(`${uid}: no ${what}`);
  }
  const tzid = time.zone ? time.zone.tzid : "floating";
  if (tzid === "floating") {
    throw new Error(`${uid}: ${what} ${time} has no known time zone`);
  }
  return time.convertToZone(ICAL.Timezone.utcTimezone).toString();
}

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    start: utc(event.startDate, "start", event.uid),
    end: utc(event.endDate, "end", event.uid),
    tzid: event.startDate.zone.tzid,
    status: vevent.getFirstPropertyValue("status"),
  };
});
process.stdout.write(JSON.stringify({
  prodid: calendar.getFirstPropertyValue("prodid"),
  method: calendar.getFirstPropertyValue("method"),
  timezones: calendar.getAllSubcomponents("vtimezone").map((tz) => tz.getFirstPropertyValue("tzid")),
  events,
}) + "\n");
