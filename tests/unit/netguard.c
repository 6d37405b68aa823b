/* Which destinations outbound fetches refuse, and allow lists. */
#include "tap.h"
#include "server/netguard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

static int refused(const char *ip, const struct netguard_allow *allow)
{
	struct sockaddr_in a4 = { 0 };
	struct sockaddr_in6 a6 = { 0 };

	if (inet_pton(AF_INET, ip, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		return netguard_refused((struct sockaddr *)&a4, allow);
	}
	if (inet_pton(AF_INET6, ip, &a6.sin6_addr) == 1) {
		a6.sin6_family = AF_INET6;
		return netguard_refused((struct sockaddr *)&a6, allow);
	}
	return -1;
}

int main(void)
{
	static const char *const internal[] = {
		"127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255",
		"192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
		"255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1",
		"fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1",
		"ff02::1", "::127.0.0.1", NULL
	};
	static const char *const external[] = {
		"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
		"::ffff:8.8.8.8", NULL
	};
	struct netguard_allow *a;
	struct buf err = BUF_INIT;
	int i, all = 1;

	for (i = 0; internal[i]; i++)
		if (refused(internal[i], NULL) != 1) {
			diag("%s not refused", internal[i]);
			all = 0;
		}
	ok(all, "loopback, private, link-local, metadata, CGNAT, multicast, mapped and NAT64 refused");
	all = 1;
	for (i = 0; external[i]; i++)
		if (refused(external[i], NULL) != 0) {
			diag("%s refused", external[i]);
			all = 0;
		}
	ok(all, "public addresses allowed (172.32/100.128 are outside the private ranges)");

	a = netguard_allow_parse("127.0.0.1/32, 10.1.0.0/16,fd00::/8", &err);
	ok(a != NULL, "allow list parses");
	ok(!refused("127.0.0.1", a) && refused("127.0.0.2", a), "a /32 allows one address");
	ok(!refused("10.1.200.3", a) && refused("10.2.0.1", a), "a /16 allows its range only");
	ok(!refused("fd00::5", a) && refused("fe80::1", a), "IPv6 ranges");
	netguard_allow_free(a);
	ok(netguard_allow_parse("10.0.0.0/33", &err) == NULL, "a bad prefix length is refused");
	ok(netguard_allow_parse("example.com", &err) == NULL, "names are refused");
	ok((a = netguard_allow_parse("", &err)) != NULL, "an empty list is fine");
	netguard_allow_free(a);
	buf_free(&err);
	return done_testing();
}
