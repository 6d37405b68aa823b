/* ISO-8601 round trips and duration parsing. */
#include "tap.h"
#include "common/timeutil.h"

static void round_trip(const char *in, const char *want)
{
	int64_t ms = 0;
	char out[TIME_ISO_LEN];
	int rc = time_parse_iso(in, &ms);

	if (!ok(rc == 0, "parses %s", in))
		return;
	is_str(time_format_iso(ms, out, sizeof out), want, "formats back");
}

static void bad(const char *in)
{
	int64_t ms;

	ok(time_parse_iso(in, &ms) != 0, "rejects '%s'", in);
}

int main(void)
{
	int64_t ms, s;
	char out[TIME_ISO_LEN];

	round_trip("2024-01-15T10:00:00.000Z", "2024-01-15T10:00:00.000Z");
	round_trip("2024-01-15T10:00:00Z", "2024-01-15T10:00:00.000Z");
	round_trip("2024-01-15T10:00Z", "2024-01-15T10:00:00.000Z");
	round_trip("2024-01-15", "2024-01-15T00:00:00.000Z");
	round_trip("2024-01-15 10:00:00", "2024-01-15T10:00:00.000Z");
	round_trip("2024-01-15T12:30:00+02:30", "2024-01-15T10:00:00.000Z");
	round_trip("2024-01-15T05:00:00-0500", "2024-01-15T10:00:00.000Z");
	round_trip("2024-01-15T10:00:00.1234567Z", "2024-01-15T10:00:00.123Z");
	round_trip("2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z");
	round_trip("1969-12-31T23:59:59.500Z", "1969-12-31T23:59:59.500Z");
	round_trip("2000-03-01T00:00:00Z", "2000-03-01T00:00:00.000Z");
	ok(time_parse_iso("1970-01-01T00:00:00Z", &ms) == 0 && ms == 0, "the epoch is 0");
	ok(time_parse_iso("2024-01-15T10:00:00.000Z", &ms) == 0 && ms == 1705312800000LL,
	   "2024-01-15T10:00Z is 1705312800000 ms");
	bad("2023-02-29");
	bad("2024-02-30");
	bad("2024-13-01");
	bad("2024-00-10");
	bad("2024-01-32");
	bad("2024-01-15T24:00:00Z");
	bad("2024-01-15T10:60:00Z");
	bad("2024-01-15T10:00:00ZZ");
	bad("2024-1-15");
	bad("15/01/2024");
	bad("");
	bad("2024-01-15T");
	bad("2024-01-15T10:00:00.Z");
	bad("2024-01-15T10:00:00+25:00");
	bad("tomorrow");
	time_format_iso(-62167219200000LL - 5, out, sizeof out);
	is_str(out, "0000-01-01T00:00:00.000Z", "far past clamps");

	ok(time_parse_duration("24h", &s) == 0 && s == 86400, "24h");
	ok(time_parse_duration("7d", &s) == 0 && s == 604800, "7d");
	ok(time_parse_duration("15m", &s) == 0 && s == 900, "15m");
	ok(time_parse_duration("90", &s) == 0 && s == 90, "bare seconds");
	ok(time_parse_duration("2 hours", &s) == 0 && s == 7200, "2 hours");
	ok(time_parse_duration("1500ms", &s) == 0 && s == 1, "milliseconds round down");
	ok(time_parse_duration("0", &s) != 0, "zero is refused");
	ok(time_parse_duration("-5m", &s) != 0, "negative is refused");
	ok(time_parse_duration("5x", &s) != 0, "unknown unit is refused");
	ok(time_parse_duration("99y", &s) != 0, "absurd lengths are refused");
	ok(time_parse_duration("", &s) != 0, "empty is refused");
	return done_testing();
}
