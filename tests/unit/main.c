/*
 * main.c - runs every unit-test suite in suites.def, or those named on the
 * command line, and prints "N passed, N failed".
 */
#include <stdio.h>
#include <string.h>

#include "test.h"

int test_passed, test_failed;

static const struct {
	const char *name;
	void (*fn)(void);
} suites[] = {
#define SUITE(name) {#name, test_##name},
#include "suites.def"
#undef SUITE
};

int main(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		int want = argc < 2;
		for (int a = 1; a < argc; a++)
			if (!strcmp(argv[a], suites[i].name))
				want = 1;
		if (!want)
			continue;
		int before = test_failed;
		suites[i].fn();
		printf("%-12s %s\n", suites[i].name,
		       test_failed == before ? "ok" : "FAILED");
	}
	printf("unit: %d passed, %d failed\n", test_passed, test_failed);
	return test_failed ? 1 : 0;
}
