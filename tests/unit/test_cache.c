/*
 * test_cache.c - SHA-256 (FIPS 180-4's vectors), GitHub's ETag of a
 * body for a request's headers, and the response cache's entries.
 */
#include "gate/cache.h"
#include "support/sha256.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check_sha(const char *in, const char *want)
{
	char hex[PRGATE_SHA256_HEX_LEN];
	prgate_sha256_hex(in, strlen(in), hex);
	CHECK_STR(hex, want);
}

void test_cache(void)
{
	char hex[PRGATE_SHA256_HEX_LEN], tag[PRGATE_SHA256_HEX_LEN + 2];
	struct prgate_sha256 c;
	unsigned char bytes[1280];
	char *million;
	char dir[] = "/tmp/prgate-unit-cache-XXXXXX";
	struct prgate_cache *cache = NULL;
	struct prgate_cache_entry e;
	struct prgate_error err;
	struct stat st;

	/* FIPS 180-4 examples, and the one-million-'a' vector */
	check_sha("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
		      "7852b855");
	check_sha("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410"
			 "ff61f20015ad");
	check_sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419"
		  "db06c1");
	million = malloc(1000000);
	memset(million, 'a', 1000000);
	prgate_sha256_hex(million, 1000000, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39"
		       "ccc7112cd0");
	free(million);
	/* fed in uneven pieces: the same as at once (0..255 five times;
	 * Python's hashlib says d414b0...) */
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)i;
	prgate_sha256_init(&c);
	for (size_t at = 0, step = 1; at < sizeof(bytes); step = step * 3 % 97)
		for (size_t k = 0; k < step && at < sizeof(bytes); k++, at++)
			prgate_sha256_update(&c, bytes + at, 1);
	prgate_sha256_final_hex(&c, hex);
	CHECK_STR(hex, "d414b085826eb06778483ba35564dc849e643359f69ed9747878ba"
		       "6e54985bed");
	/* 55, 56 and 64 bytes, the padding's edge cases (hashlib's) */
	check_sha("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925"
		  "a5258e241c9f1e910f734318");
	check_sha("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f"
		  "1bde7090ef7970686ec6738a");
	check_sha(
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "ffe054fe7ae0cb6dc65c3af9b61d5209f439851d"
	    "b43d0ba5997337df154668eb");

	/* the ETag: sha256("ACCEPT:AUTHORIZATION:" body), in quotes */
	prgate_cache_etag("application/vnd.github+json", "Bearer ghs_x",
			  "{\"a\":1}", 7, tag);
	CHECK_STR(tag, "\"9801dfde9f9a20b6d2330d3841bac4bec7ccbfd812f68a6bd6e9"
		       "6719dcfea26a\"");
	/* no Authorization header: only Accept's value */
	prgate_cache_etag("application/vnd.github+json", NULL, "{\"a\":1}", 7,
			  tag);
	CHECK_STR(tag, "\"455b50304a0c421dde8d8077a8b4e23884f916a5d3797c173918"
		       "80304f364b2f\"");

	/* entries: stored and read back, exactly; another URL's is none */
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	rmdir(dir); /* prgate_cache_open() makes it */
	CHECK_INT(prgate_cache_open(dir, NULL, &cache, &err), PRGATE_OK);
	CHECK_INT(stat(dir, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0700);
	CHECK_INT(prgate_cache_get(cache, "http://h/a", &e), 0);
	prgate_cache_put(cache, "http://h/a", "\"t1\"",
			 "<http://h/a?page=2>; "
			 "rel=\"next\"",
			 "[1,\n2]", 6);
	prgate_cache_put(cache, "http://h/b", "W/\"t2\"", NULL, "", 0);
	CHECK_INT(prgate_cache_get(cache, "http://h/a", &e), 1);
	CHECK_STR(e.etag, "\"t1\"");
	CHECK_STR(e.link, "<http://h/a?page=2>; rel=\"next\"");
	CHECK_STR(e.body.buf, "[1,\n2]");
	prgate_cache_entry_release(&e);
	CHECK_INT(prgate_cache_get(cache, "http://h/b", &e), 1);
	CHECK_STR(e.etag, "W/\"t2\"");
	CHECK(e.link == NULL);
	CHECK_INT(e.body.len, 0);
	prgate_cache_entry_release(&e);
	/* an ETag with a line break is never kept */
	prgate_cache_put(cache, "http://h/c", "\"x\"\nurl y", NULL, "{}", 2);
	CHECK_INT(prgate_cache_get(cache, "http://h/c", &e), 0);
	prgate_cache_free(cache);
	{
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		CHECK_INT(system(cmd), 0);
	}
}
