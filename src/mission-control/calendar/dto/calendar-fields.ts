/** ISO 8601 as the calendar's timestamps are checked: real dates only, `T` between date and time. */
export const ISO_TIMESTAMP = { strict: true, strictSeparator: true };

export const TIME_ZONE_MESSAGE = '$property must be an IANA time zone such as America/New_York';
