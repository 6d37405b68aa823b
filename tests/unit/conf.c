/* The key = value configuration format. */
#include "tap.h"
#include "common/conf.h"

#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	struct conf c = { 0 }, d = { 0 };
	const char *text = "# comment\n\nserver = http://x:1\n  color=never  \nname = \" a b \"\nserver = http://y\n";
	char *err = NULL, path[] = "/tmp/salesan-conf-XXXXXX";
	int fd;

	ok(conf_parse(&c, text, strlen(text), &err) == 0, "parses");
	is_str(conf_get(&c, "server"), "http://y", "later keys win");
	is_str(conf_get(&c, "color"), "never", "whitespace trimmed");
	is_str(conf_get(&c, "name"), " a b ", "quotes keep spaces");
	ok(conf_get(&c, "missing") == NULL, "missing key");
	ok(conf_parse(&d, "novalue\n", 8, &err) != 0 && err && strstr(err, "line 1"), "error names the line");
	free(err);
	err = NULL;
	ok(conf_parse(&d, "bad key = 1\n", 12, &err) != 0, "invalid key refused");
	free(err);
	err = NULL;
	fd = mkstemp(path);
	close(fd);
	ok(conf_save(&c, path, 0600) == 0, "saves");
	conf_free(&d);
	ok(conf_load(&d, path, &err) == 0, "loads back");
	is_str(conf_get(&d, "name"), " a b ", "round trip keeps spaces");
	unlink(path);
	ok(conf_load(&d, path, &err) == 1, "a missing file is not an error");
	conf_free(&c);
	conf_free(&d);
	return done_testing();
}
