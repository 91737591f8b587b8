/* fuzz.h: what the libFuzzer harnesses (tests/fuzz-*.c) share.
 *
 * Each harness defines LLVMFuzzerTestOneInput().  Built with clang and
 * -fsanitize=fuzzer (./configure CC=clang --enable-fuzzing; make fuzz) it
 * is a fuzzer; linked with tests/fuzz-replay.c by any compiler it is a
 * replay driver that runs the inputs named on its command line (files, or
 * folders of files), which make check uses for tests/fuzz/ (every input
 * that ever crashed or hung, and the seeds).
 *
 * A finding is a crash, a sanitizer report, a hang, or an abort from
 * fuzz_expect(): an error that is not a one-line SIM_ERROR of bad input
 * (64, 65, 66), or a broken round trip.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Abort with a message unless cond (a finding). */
#define fuzz_expect(cond, ...)                                                 \
  ((cond) ? (void)0 : fuzz_fail (__FILE__, __LINE__, __VA_ARGS__))
G_GNUC_NORETURN void fuzz_fail (const char *file, int line, const char *fmt,
                                ...) G_GNUC_PRINTF (3, 4);

/* The error of a refused input must be a one-line SIM_ERROR of bad input
 * (usage 64, data 65, no input 66); frees it. */
void fuzz_expect_input_error (GError *error);

/* A scratch folder for this process, holding links to the shipped
 * scenarios (so extends="default.xml" resolves); created once.
 * (transfer none) */
const char *fuzz_scratch (void);

/* Write data to a file of the scratch folder.  (transfer none) */
const char *fuzz_write (const char *name, const void *data, size_t size);

/* With CTSIM_FUZZ_DUMP=DIR in the environment, write each input to
 * DIR/NNNNNNN, numbered from 0 in the order run (bench/fuzz-stream.sh:
 * a fixed stream of a fuzzer's inputs, to time builds on); else
 * nothing. */
void fuzz_dump (const void *data, size_t size);

G_END_DECLS
