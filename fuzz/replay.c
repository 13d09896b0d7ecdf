/*
 * replay.c - a main() for a fuzz target without libFuzzer: runs its
 * LLVMFuzzerTestOneInput() once on each file named, so that `make test`
 * replays the saved inputs (fuzz/regressions/, fuzz/seeds/) with the
 * ordinary build (tests/sh/fuzz.sh; under make check-asan with ASan and
 * UBSan). The target's abort() or a crash fails the run; exit 0 when
 * every input ran, 2 when one cannot be read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		struct strbuf sb = STRBUF_INIT;
		uint8_t *copy;
		size_t len;

		if (strbuf_read_file(&sb, argv[i], (size_t)64 << 20) < 0) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 2;
		}
		/* exactly the input's bytes, as libFuzzer gives them */
		len = sb.len;
		copy = xmalloc(len ? len : 1);
		memcpy(copy, sb.buf, len);
		strbuf_release(&sb);
		(void)LLVMFuzzerTestOneInput(copy, len);
		free(copy);
	}
	return 0;
}
