/*
 * fuzz_dates.c: any text as a date or a time, any number as a day.
 *
 * Invariants: what parses is written back exactly as it was given (there
 * is one spelling of each date and time, so a deadline cannot shift by a
 * misread day), and every day from 1800 to 9999 written out parses back
 * to the same day.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/zk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64], out[ZK_TIME_LEN];
	int32_t d, back;
	int64_t t;
	int y, m, dd;

	if (size >= sizeof s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (zk_date_parse(s, &d) == 0) {
		zk_date_fmt(d, out);
		if (strcmp(out, s) != 0)
			abort();
		zk_date_to_ymd(d, &y, &m, &dd);
		if (zk_date_from_ymd(y, m, dd) != d || m < 1 || m > 12 ||
		    dd < 1 || dd > zk_date_to_ymd_last(y, m))
			abort();
	}
	if (zk_time_parse(s, &t) == 0) {
		zk_time_fmt(t, out);
		if (strcmp(out, s) != 0)
			abort();
		if (zk_date_of_time(t) != zk_date_of_time(t - t % 86400) &&
		    t >= 0)
			abort();
	}
	if (size >= 4) {
		/* Every day of the years a date may have, 1800 to 9999. */
		int32_t lo = zk_date_from_ymd(1800, 1, 1);
		int32_t hi = zk_date_from_ymd(9999, 12, 31);
		uint32_t v;

		memcpy(&v, data, 4);
		d = lo + (int32_t)(v % (uint32_t)(hi - lo + 1));
		zk_date_fmt(d, out);
		if (zk_date_parse(out, &back) != 0 || back != d)
			abort();
	}
	return 0;
}
