/*
 * test_core.c: calendar dates, UTF-8 validation and sealed content.
 */
#define _GNU_SOURCE
#include <string.h>
#include <uuid/uuid.h>

#include "crypto/seal.h"
#include "support/support.h"

static void
test_core_dates(void **state)
{
	static const char *const bad[] = {
	    "2026-02-29",  "2024-02-30", "2026-13-01",
	    "2026-00-10",  "2026-1-01",	 "26-01-01",
	    "2026-01-01T", "abcd-ef-gh", ""};
	char out[ZK_DATE_LEN];
	int32_t d;
	int64_t t;

	(void)state;
	assert_int_equal(zk_date_parse("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(zk_date_parse("2024-02-29", &d), 0);
	zk_date_fmt(d + 1, out);
	assert_string_equal(out, "2024-03-01");
	assert_int_equal(zk_date_parse("2000-02-29", &d), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(zk_date_parse(bad[i], &d), ZK_EINVAL);
	assert_int_equal(zk_time_parse("2026-11-23T23:59:59Z", &t), 0);
	assert_int_equal(zk_date_of_time(t), zk_date_from_ymd(2026, 11, 23));
	assert_int_equal(zk_time_parse("2026-11-23T24:00:00Z", &t), ZK_EINVAL);
}

/* The Dutch day: midnight in Amsterdam, winter and summer time. */
static void
test_core_day_nl(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(zk_time_parse("2026-11-23T22:59:59Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2026, 11, 23));
	assert_int_equal(zk_day_nl(t + 1), zk_date_from_ymd(2026, 11, 24));
	/* King's Day in summer time: 27 April begins at 22:00 UTC. */
	assert_int_equal(zk_time_parse("2026-04-26T21:59:59Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2026, 4, 26));
	assert_int_equal(zk_day_nl(t + 1), zk_date_from_ymd(2026, 4, 27));
	/* New Year. */
	assert_int_equal(zk_time_parse("2026-12-31T23:00:00Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2027, 1, 1));
	assert_int_equal(zk_day_nl(t - 1), zk_date_from_ymd(2026, 12, 31));
	/* Summer time begins on the last Sunday of March at 01:00 UTC
	 * (29 March 2026) and ends on that of October (25 October 2026). */
	assert_int_equal(zk_time_parse("2026-03-29T00:59:59Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2026, 3, 29));
	assert_int_equal(zk_time_parse("2026-03-29T22:00:00Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2026, 3, 30));
	assert_int_equal(zk_day_nl(t - 1), zk_date_from_ymd(2026, 3, 29));
	assert_int_equal(zk_time_parse("2026-03-28T23:00:00Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2026, 3, 29));
	assert_int_equal(zk_time_parse("2026-10-24T22:00:00Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2026, 10, 25));
	assert_int_equal(zk_day_nl(t - 1), zk_date_from_ymd(2026, 10, 24));
	assert_int_equal(zk_time_parse("2026-10-25T23:00:00Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2026, 10, 26));
	assert_int_equal(zk_day_nl(t - 1), zk_date_from_ymd(2026, 10, 25));
	/* A leap day, and 2100, which is none. */
	assert_int_equal(zk_time_parse("2028-02-28T23:00:00Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2028, 2, 29));
	assert_int_equal(zk_time_parse("2100-02-28T23:00:00Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2100, 3, 1));
	/* Summer time of another year: last Sunday of March 2027 is the
	 * 28th. */
	assert_int_equal(zk_time_parse("2027-03-28T22:00:00Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2027, 3, 29));
	assert_int_equal(zk_time_parse("2027-03-27T22:59:59Z", &t), 0);
	assert_int_equal(zk_day_nl(t), zk_date_from_ymd(2027, 3, 27));
}

/* Text people read: blank, control, padded; a variation selector is no
 * padding. */
static void
test_core_text(void **state)
{
	(void)state;
	assert_int_equal(zk_text_check("Jansen", false), ZK_TEXT_OK);
	assert_int_equal(zk_text_check("Jan \xe2\x98\xba\xef\xb8\x8f", false),
			 ZK_TEXT_OK);
	assert_int_equal(zk_text_check("Jansen ", false), ZK_TEXT_PADDED);
	assert_int_equal(zk_text_check("\xc2\xa0Jansen", false),
			 ZK_TEXT_PADDED);
	assert_int_equal(zk_text_check("\xc2\xad\xc2\xad", false),
			 ZK_TEXT_BLANK);
	assert_int_equal(zk_text_check("Jan\xe2\x80\xa8sen", false),
			 ZK_TEXT_CONTROL);
	assert_int_equal(zk_text_check("Jan\xe2\x80\xa8sen", true), ZK_TEXT_OK);
	assert_int_equal(zk_text_check("a\nb", false), ZK_TEXT_CONTROL);
	assert_int_equal(zk_text_check("a\nb", true), ZK_TEXT_OK);
	assert_int_equal(zk_text_check("a\x01b", true), ZK_TEXT_CONTROL);
	/* What shows nothing pads too: a zero-width space, a soft hyphen, a
	 * byte order mark, a left-to-right mark at either end. */
	assert_int_equal(zk_text_check("2027.1\xe2\x80\x8b", false),
			 ZK_TEXT_PADDED);
	assert_int_equal(zk_text_check("\xc2\xadJansen", false),
			 ZK_TEXT_PADDED);
	assert_int_equal(zk_text_check("\xef\xbb\xbfJansen", false),
			 ZK_TEXT_PADDED);
	assert_int_equal(zk_text_check("Jansen\xe2\x80\x8e", false),
			 ZK_TEXT_PADDED);
	/* Inside, a soft hyphen or a joiner is part of the word; an emoji
	 * sequence may end in a joiner's partner or a tag. */
	assert_int_equal(zk_text_check("Jan\xc2\xadsen", false), ZK_TEXT_OK);
	/* After a letter a joiner or selector only hides: padding. */
	assert_int_equal(zk_text_check("Anna\xe2\x80\x8d", false),
			 ZK_TEXT_PADDED);
	assert_int_equal(zk_text_check("Anna\xef\xb8\x8f", false),
			 ZK_TEXT_PADDED);
	assert_int_equal(zk_text_check("\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7"
				       "\xf3\xa0\x81\xbf",
				       false),
			 ZK_TEXT_OK);
	/* A right-to-left override makes a line read otherwise than it is
	 * stored: not in a one-line field. */
	assert_int_equal(zk_text_check("Jan\xe2\x80\xaesen", false),
			 ZK_TEXT_CONTROL);
	assert_int_equal(zk_text_check("Jan\xe2\x81\xa6sen", false),
			 ZK_TEXT_CONTROL);
	assert_int_equal(zk_text_check("Jan\xe2\x80\xaesen", true), ZK_TEXT_OK);
}

static void
test_core_utf8(void **state)
{
	(void)state;
	assert_true(zk_utf8_valid("cliënt", strlen("cliënt")));
	assert_true(zk_utf8_valid("\xf0\x9f\x99\x82", 4));
	assert_false(zk_utf8_valid("\xc3", 1));		/* truncated */
	assert_false(zk_utf8_valid("\xc0\xaf", 2));	/* overlong */
	assert_false(zk_utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
	assert_false(zk_utf8_valid("a\0b", 3));
	assert_false(zk_utf8_valid("\xff", 1));
}

/* A secret buffer keeps its content as it grows, and honours its limit. */
static void
test_core_buf_secret(void **state)
{
	struct zk_buf b;
	char chunk[100];

	(void)state;
	zk_buf_init_secret(&b, 5000);
	for (int i = 0; i < 50; i++) {
		memset(chunk, 'a' + i % 26, sizeof chunk);
		assert_int_equal(zk_buf_append(&b, chunk, sizeof chunk), 0);
	}
	assert_int_equal(b.len, 5000);
	for (int i = 0; i < 50; i++)
		assert_int_equal(b.data[i * 100 + 99], 'a' + i % 26);
	assert_int_equal(zk_buf_append(&b, "x", 1), ZK_ETOOBIG);
	zk_buf_release(&b);
	assert_null(b.data);
	zk_buf_release(&b);
}

/* Without the subject key nothing opens; a sealed value stays in place. */
static void
test_core_seal(void **state)
{
	unsigned char kek[SEAL_KEY_BYTES], key[SEAL_KEY_BYTES];
	unsigned char wrapped[SEAL_WRAPPED_BYTES], again[SEAL_KEY_BYTES];
	struct zk_buf sealed, plain;

	(void)state;
	assert_int_equal(crypto_init(), 0);
	memset(kek, 7, sizeof kek);
	zk_buf_init(&sealed, 0);
	zk_buf_init(&plain, 0);
	assert_int_equal(seal_key_new(kek, "s1", key, wrapped), 0);
	assert_int_equal(
	    seal_key_unwrap(kek, "s1", wrapped, sizeof wrapped, again), 0);
	assert_memory_equal(key, again, sizeof key);
	/* Bound to its subject: another subject's AD does not unwrap. */
	assert_int_equal(
	    seal_key_unwrap(kek, "s2", wrapped, sizeof wrapped, again),
	    ZK_ECRYPTO);
	assert_int_equal(seal_encrypt(key, "e1", "geheim", 6, &sealed), 0);
	assert_int_equal(sealed.len, 6 + SEAL_OVERHEAD);
	assert_null(memmem(sealed.data, sealed.len, "geheim", 6));
	assert_int_equal(
	    seal_decrypt(key, "e1", sealed.data, sealed.len, &plain), 0);
	assert_string_equal((char *)plain.data, "geheim");
	assert_int_equal(
	    seal_decrypt(key, "e2", sealed.data, sealed.len, &plain),
	    ZK_ECRYPTO);
	sealed.data[30] ^= 1;
	assert_int_equal(
	    seal_decrypt(key, "e1", sealed.data, sealed.len, &plain),
	    ZK_ECRYPTO);
	zk_buf_release(&sealed);
	zk_buf_release(&plain);
}

/* Input-driven growth is capped (ZK_ETOOBIG). */
static void
test_core_buf_limit(void **state)
{
	struct zk_buf b;

	(void)state;
	zk_buf_init(&b, 8);
	assert_int_equal(zk_buf_append(&b, "12345678", 8), 0);
	assert_int_equal(zk_buf_append(&b, "9", 1), ZK_ETOOBIG);
	zk_buf_release(&b);
}

/* Ids from outside are checked for their form before any look-up; the
 * check agrees with libuuid's parser on every case. */
static void
test_core_uuid_valid(void **state)
{
	static const char *const cases[] = {
	    "0b7a3f9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
	    "0B7A3F9E-1C2D-4E5F-8A9B-0C1D2E3F4A5B",
	    "00000000-0000-0000-0000-000000000000",
	    "0b7a3f9e-1c2d-4e5f-8a9b-0c1d2e3f4a5",
	    "0b7a3f9e-1c2d-4e5f-8a9b-0c1d2e3f4a5bb",
	    "0b7a3f9e1c2d-4e5f-8a9b-0c1d2e3f4a5b-",
	    "0b7a3f9e-1c2d-4e5f-8a9b_0c1d2e3f4a5b",
	    "0b7a3f9g-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
	    "0B7A3F9G-1C2D-4E5F-8A9B-0C1D2E3F4A5B",
	    "0b7a3f9e-1c2d-4e5f-8a9b-0c1d2e3f4a:b",
	    "0b7a3f9e-1c2d-4e5f-8a9b-0c1d2e3f4a/b",
	    "0b7a3f9e-1c2d-4e5f-8a9b-0c1d2e3f4a@b",
	    "0b7a3f9e-1c2d-4e5f-8a9b-0c1d2e3f4a`b",
	    "0b7a3f9e-1c2d-4e5f-8a9b-0c1d2e3f4a5 ",
	    " b7a3f9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
	    "0b7a3f9e-1c2d-4e5f-8a9b-0c1d2e3f4a5\xc3",
	    "",
	    "-",
	};
	uuid_t u;

	(void)state;
	assert_false(zk_uuid_valid(NULL));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int want =
		    strlen(cases[i]) == 36 && uuid_parse(cases[i], u) == 0;

		assert_int_equal(zk_uuid_valid(cases[i]), want);
	}
	assert_true(zk_uuid_valid(cases[0]));
	assert_true(zk_uuid_valid(cases[1]));
	assert_false(zk_uuid_valid(cases[3]));
	assert_false(zk_uuid_valid(cases[7]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_core_dates),
	    cmocka_unit_test(test_core_day_nl),
	    cmocka_unit_test(test_core_text),
	    cmocka_unit_test(test_core_utf8),
	    cmocka_unit_test(test_core_buf_secret),
	    cmocka_unit_test(test_core_seal),
	    cmocka_unit_test(test_core_buf_limit),
	    cmocka_unit_test(test_core_uuid_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
