/* JSON helpers and the string buffer. */
#include "tap.h"
#include "common/buf.h"
#include "common/json.h"

#include <stdlib.h>
#include <string.h>

int main(void)
{
	const char *err;
	struct buf b = BUF_INIT;
	cJSON *v;
	int64_t i;
	char deep[200];

	json_init();
	{ const char *txt = "{\"a\":\"x\",\"n\":5,\"t\":true}"; v = json_parse(txt, strlen(txt), 8, &err); }
	ok(v != NULL, "parses an object");
	is_str(json_str(v, "a"), "x", "json_str");
	ok(json_str(v, "n") == NULL, "json_str of a number is NULL");
	ok(json_int(v, "n", &i) == 0 && i == 5, "json_int");
	ok(json_true(v, "t"), "json_true");
	ok(json_get2(v, "missing", "a") != NULL, "json_get2 falls back to the alias");
	cJSON_Delete(v);
	ok(json_parse("{\"a\":1} x", 9, 8, &err) == NULL, "trailing garbage refused");
	v = json_parse("{\"a\":1}  \n", 10, 8, &err);
	ok(v != NULL, "trailing whitespace fine");
	cJSON_Delete(v);
	ok(json_parse("{\"a\":", 5, 8, &err) == NULL && err, "truncated JSON refused with a reason");
	memset(deep, '[', 100);
	memset(deep + 100, ']', 100);
	ok(json_parse(deep, 200, 32, &err) == NULL, "100 levels deep refused at 32");
	is_str(err, "JSON nested too deeply", "depth error message");
	v = json_parse("[[[\"]]]]]]\"]]]", 14, 3, &err);
	ok(v != NULL, "brackets inside strings do not count");
	cJSON_Delete(v);
	v = json_parse("[[[]]]", 6, 8, &err);
	is_int(json_depth(v), 3, "json_depth");
	cJSON_Delete(v);

	buf_add_json_str(&b, "a\"b\\c\n\x01");
	is_str(b.s, "\"a\\\"b\\\\c\\n\\u0001\"", "JSON escaping");
	buf_reset(&b);
	buf_add_json_str(&b, "M\xc3\xbcller \xff");
	is_str(b.s, "\"M\xc3\xbcller \xef\xbf\xbd\"", "valid UTF-8 kept, invalid replaced");
	buf_reset(&b);
	buf_add_csv_field(&b, "a,b \"c\"");
	is_str(b.s, "\"a,b \"\"c\"\"\"", "CSV quoting");
	buf_reset(&b);
	buf_addf(&b, "%d-%s", 42, "x");
	for (int k = 0; k < 1000; k++)
		buf_addstr(&b, "0123456789");
	is_int(b.len, 10004, "buffer grows");
	buf_free(&b);

	{
		static const char doc[] = "{\n  \"name\": \"x\",\n  \"stages\": [\n    {\"id\": \"a\"},\n"
					  "    {\"id\": \"b\", \"weight\": -3}\n  ]\n}\n";
		size_t n = sizeof doc - 1;
		long off = json_locate(doc, n, "stages[1].weight");
		int line, col;
		json_line_col(doc, (size_t)off, &line, &col);
		is_int(line, 5, "json_locate: the line of stages[1].weight");
		is_int(col, 27, "and its column");
		ok(!strncmp(doc + json_locate(doc, n, "name"), "\"x\"", 3), "a top-level key");
		is_int(json_locate(doc, n, "stages[2]"), -1, "an index past the end");
		is_int(json_locate(doc, n, "nope"), -1, "a missing key");
		is_int(json_locate("{\"a\": [1,,]}", 11, "a[2]"), -1, "malformed text before the path");
		is_int(json_locate(doc, n, ""), 0, "the empty path is the document");
	}
	return done_testing();
}
