/* Request validation: value checks and the field specs. */
#include "tap.h"
#include "common/json.h"
#include "server/store.h"
#include "server/validate.h"

static int count_errors(const char *body, unsigned mode, struct fvals *vals)
{
	struct verrs v = { 0 };
	cJSON *j = cJSON_Parse(body);
	int n;

	fields_parse(call_fields, call_nfields, j, mode, vals, &v);
	n = v.n;
	verrs_free(&v);
	cJSON_Delete(j);
	return n;
}

int main(void)
{
	struct fvals vals = { 0 };
	const struct fval *f;

	json_init();
	ok(!check_email("ada@example.com"), "plain email");
	ok(!check_email("Ada.Lovelace+crm@sub.example.co.uk"), "dotted, plus and subdomains");
	ok(check_email("ada@example") != NULL, "no dot in the domain");
	ok(check_email("@example.com") != NULL, "no local part");
	ok(check_email("ada@@example.com") != NULL, "two @");
	ok(check_email("ada example@x.com") != NULL, "space");
	ok(check_email("ada@-x.com") != NULL, "label starts with -");
	ok(check_email("ada..b@x.com") != NULL, "double dot");
	ok(check_email("a@b.c\n") != NULL, "newline");
	ok(!check_password("12345678"), "8 characters is enough");
	ok(check_password("1234567") != NULL, "7 is too short");
	ok(!check_text("Müller", 6, 0), "6 characters of UTF-8 fit in 6");
	ok(check_text("Müllers", 6, 0) != NULL, "7 do not");
	ok(check_text("a\x01", 10, 0) != NULL, "control characters refused");
	ok(!check_text("a\nb", 10, 1), "newlines where allowed");
	ok(check_text("\xc3\x28", 10, 0) != NULL, "invalid UTF-8 refused");
	ok(check_text("\xed\xa0\x80", 10, 0) != NULL, "UTF-16 surrogates refused");

	is_int(count_errors("{\"customerName\":\"Bob\",\"appointmentDate\":\"2024-01-15T10:00:00Z\"}",
			    FF_CREATE, &vals), 0, "minimal create is valid");
	f = fvals_get(&vals, "appointmentDate");
	ok(f && f->i == 1705312800000LL, "the date becomes milliseconds");
	fvals_free(&vals);
	is_int(count_errors("{\"customer_name\":\"Bob\",\"appointment_date\":\"2024-01-15\","
			    "\"sales_representative_id\":\"967DF29E-46C2-4FF0-8ED9-8E9380436865\"}",
			    FF_CREATE, &vals), 0, "snake_case aliases are accepted");
	f = fvals_get(&vals, "salesRepresentativeId");
	is_str(f ? f->text : NULL, "967df29e-46c2-4ff0-8ed9-8e9380436865", "UUIDs are lower-cased");
	fvals_free(&vals);
	is_int(count_errors("{}", FF_CREATE, &vals), 2, "both required fields are reported");
	fvals_free(&vals);
	is_int(count_errors("{\"customerName\":\"  \",\"appointmentDate\":\"soon\",\"customerEmail\":"
			    "\"x\",\"tags\":[1],\"notes\":5}", FF_CREATE, &vals), 5,
	       "every bad field is reported");
	fvals_free(&vals);
	is_int(count_errors("{\"organizationId\":\"967df29e-46c2-4ff0-8ed9-8e9380436865\","
			    "\"performanceScore\":1,\"status\":\"completed\"}", FF_CREATE, &vals), 2,
	       "read-only fields are ignored (only the required ones are missing)");
	ok(!fvals_get(&vals, "organizationId") && !fvals_get(&vals, "status"),
	   "and never reach the store");
	fvals_free(&vals);
	is_int(count_errors("{\"saleAmount\":\"1500.50\"}", FF_UPDATE, &vals), 0, "numeric strings for money");
	f = fvals_get(&vals, "saleAmount");
	ok(f && f->i == 150050, "money becomes cents");
	fvals_free(&vals);
	is_int(count_errors("{\"saleAmount\":-1}", FF_UPDATE, &vals), 1, "negative money refused");
	fvals_free(&vals);
	is_int(count_errors("{\"status\":\"lost\"}", FF_UPDATE, &vals), 1, "unknown status refused");
	fvals_free(&vals);
	is_int(count_errors("{\"notes\":null,\"customerPhone\":\"\"}", FF_UPDATE, &vals), 0,
	       "nullable fields accept null and empty");
	ok(fvals_get(&vals, "notes")->is_null && fvals_get(&vals, "customerPhone")->is_null, "as null");
	fvals_free(&vals);
	is_int(count_errors("{\"customerName\":null}", FF_UPDATE, &vals), 1, "required fields cannot be nulled");
	fvals_free(&vals);
	is_int(count_errors("[1,2]", FF_UPDATE, &vals), 1, "a non-object body is one error");
	fvals_free(&vals);
	return done_testing();
}
