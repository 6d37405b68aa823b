/* Audio in: WAV parsing and conversion, truncation, raw PCM; resampling. */
#include "tap.h"
#include "speech/audio.h"
#include "speech/resample.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/salesan-audio.XXXXXX";

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/* A WAV file: fmt tag, channels, rate, bits, data bytes (declared size
 * data_decl, or the real size when < 0), with an extra chunk before fmt. */
static const char *wav(const char *name, unsigned tag, int ch, int rate, int bits,
		       const unsigned char *data, size_t n, long data_decl)
{
	static char path[256];
	unsigned char h[64];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	memcpy(h, "RIFF", 4);
	put32(h + 4, (uint32_t)(36 + 12 + n));
	memcpy(h + 8, "WAVE", 4);
	memcpy(h + 12, "LIST", 4); /* a chunk to skip, odd-sized with its pad byte */
	put32(h + 16, 3);
	memcpy(h + 20, "abc\0", 4);
	memcpy(h + 24, "fmt ", 4);
	put32(h + 28, 16);
	put16(h + 32, tag);
	put16(h + 34, (unsigned)ch);
	put32(h + 36, (uint32_t)rate);
	put32(h + 40, (uint32_t)(rate * ch * bits / 8));
	put16(h + 44, (unsigned)(ch * bits / 8));
	put16(h + 46, (unsigned)bits);
	memcpy(h + 48, "data", 4);
	put32(h + 52, data_decl < 0 ? (uint32_t)n : (uint32_t)data_decl);
	fwrite(h, 1, 56, f);
	fwrite(data, 1, n, f);
	fclose(f);
	return path;
}

static long read_all(struct audio_in *a, int16_t *out, size_t max)
{
	long total = 0, n;

	while ((n = audio_read(a, out + total * audio_channels(a),
			       (max - (size_t)total * audio_channels(a)) / audio_channels(a))) > 0)
		total += n;
	return n < 0 ? -1 : total;
}

static void formats(void)
{
	unsigned char d[64];
	int16_t s[32];
	char err[256];
	struct audio_in *a;
	float fl[2] = { 0.5f, -1.5f };

	/* 16-bit stereo: two frames */
	put16(d, 1000); put16(d + 2, (unsigned)-1000 & 0xffff);
	put16(d + 4, 32767); put16(d + 6, 0x8000);
	a = audio_open_wav(wav("s16.wav", 1, 2, 44100, 16, d, 8, -1), err, sizeof err);
	ok(a && audio_rate(a) == 44100 && audio_channels(a) == 2 && audio_frames_total(a) == 2,
	   "16-bit stereo header (%s)", a ? "" : err);
	ok(a && read_all(a, s, 32) == 2 && s[0] == 1000 && s[1] == -1000 && s[2] == 32767 &&
	   s[3] == -32768, "16-bit samples come through unchanged");
	audio_close(a);

	/* 8-bit unsigned, 24-bit and float are converted */
	d[0] = 128; d[1] = 255; d[2] = 0;
	a = audio_open_wav(wav("u8.wav", 1, 1, 8000, 8, d, 3, -1), err, sizeof err);
	ok(a && read_all(a, s, 32) == 3 && s[0] == 0 && s[1] == 127 * 256 && s[2] == -32768,
	   "8-bit unsigned");
	audio_close(a);
	d[0] = 0x00; d[1] = 0x34; d[2] = 0x12;
	a = audio_open_wav(wav("s24.wav", 1, 1, 16000, 24, d, 3, -1), err, sizeof err);
	ok(a && read_all(a, s, 32) == 1 && s[0] == 0x1234, "24-bit keeps the top 16 bits");
	audio_close(a);
	memcpy(d, fl, sizeof fl);
	a = audio_open_wav(wav("f32.wav", 3, 1, 16000, 32, d, 8, -1), err, sizeof err);
	ok(a && read_all(a, s, 32) == 2 && s[0] == 16384 && s[1] == -32768,
	   "32-bit float, clipped to range");
	audio_close(a);

	/* refusals */
	a = audio_open_wav(wav("adpcm.wav", 2, 1, 16000, 4, d, 8, -1), err, sizeof err);
	ok(!a && strstr(err, "unsupported WAV encoding") && strstr(err, "sox"),
	   "a compressed WAV is refused with the conversion to run (%s)", err);
	a = audio_open_wav(wav("six.wav", 1, 6, 16000, 16, d, 12, -1), err, sizeof err);
	ok(!a && strstr(err, "6 channels"), "more than two channels are refused (%s)", err);
	a = audio_open_wav(wav("slow.wav", 1, 1, 100, 16, d, 2, -1), err, sizeof err);
	ok(!a && strstr(err, "sample rate 100"), "an absurd rate is refused (%s)", err);

	/* truncation: the data chunk promises more than the file has */
	a = audio_open_wav(wav("trunc.wav", 1, 1, 16000, 16, d, 8, 800), err, sizeof err);
	ok(a && read_all(a, s, 32) == -1 && strstr(audio_error(a), "truncated"),
	   "a truncated file fails at the read that notices");
	audio_close(a);
	/* a streamed WAV (size unknown) reads to the end */
	a = audio_open_wav(wav("pipe.wav", 1, 1, 16000, 16, d, 8, 0xFFFFFFFFL), err, sizeof err);
	ok(a && audio_frames_total(a) == -1 && read_all(a, s, 32) == 4,
	   "a WAV written to a pipe is read to its end");
	audio_close(a);
}

static void garbage(void)
{
	char path[256], err[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/text.wav", dir);
	f = fopen(path, "w");
	fputs("Speaker 1: hello there, this is not audio\n", f);
	fclose(f);
	ok(!audio_open_wav(path, err, sizeof err) && strstr(err, "not a WAV file"),
	   "text is not a WAV (%s)", err);
	f = fopen(path, "w");
	fwrite("RIFF\x10\0\0\0WAVEfmt ", 1, 16, f);
	fclose(f);
	ok(!audio_open_wav(path, err, sizeof err) && strstr(err, "malformed"),
	   "a header cut short is malformed (%s)", err);
	ok(!audio_open_wav("/nonexistent/x.wav", err, sizeof err) && strstr(err, "No such file"),
	   "a missing file says so");
}

static void raw(void)
{
	int p[2];
	int16_t in[5] = { 1, -2, 3, -4, 5 }, out[8];
	char err[256];
	struct audio_in *a;

	if (pipe(p))
		return;
	if (write(p[1], in, sizeof in) != sizeof in)
		return;
	if (write(p[1], "x", 1) != 1) /* half a sample at the end */
		return;
	close(p[1]);
	a = audio_open_raw(p[0], 16000, 1, err, sizeof err);
	ok(a && read_all(a, out, 8) == -1 && out[0] == 1 && out[4] == 5 &&
	   strstr(audio_error(a), "inside a frame"), "raw PCM from a pipe; a torn last frame is an error");
	audio_close(a);
	close(p[0]);
	ok(!audio_open_raw(0, 16000, 3, err, sizeof err), "raw audio is mono or stereo");
}

/* Amplitude of frequency f in x (n samples at rate). */
static double tone(const int16_t *x, size_t n, double f, int rate)
{
	double re = 0, im = 0;

	for (size_t i = 0; i < n; i++) {
		re += x[i] * cos(2 * M_PI * f * (double)i / rate);
		im += x[i] * sin(2 * M_PI * f * (double)i / rate);
	}
	return 2 * sqrt(re * re + im * im) / (double)n;
}

static void resampling(void)
{
	const int rates[] = { 8000, 22050, 44100, 48000 };

	for (size_t k = 0; k < sizeof rates / sizeof *rates; k++) {
		int rate = rates[k];
		size_t n = (size_t)rate * 2, got = 0, got2 = 0;
		int16_t *in = malloc(n * sizeof *in);
		struct resampler *r = resampler_new(rate, 16000), *r2 = resampler_new(rate, 16000);
		int16_t *out = malloc(resampler_max_out(r, n) * 2 * sizeof *out);
		int16_t *out2 = malloc(resampler_max_out(r, n) * 2 * sizeof *out2);
		double keep, alias;

		/* 1 kHz (kept) plus, above 8 kHz, 11 kHz (must not fold to 5 kHz) */
		for (size_t i = 0; i < n; i++)
			in[i] = (int16_t)(8000 * sin(2 * M_PI * 1000 * (double)i / rate) +
					  (rate > 22000 ? 8000 * sin(2 * M_PI * 11000 * (double)i / rate) : 0));
		got = resampler_push(r, in, n, 1, out);
		got += resampler_flush(r, out + got);
		for (size_t i = 0; i < n; i += 317)
			got2 += resampler_push(r2, in + i, n - i < 317 ? n - i : 317, 1, out2 + got2);
		got2 += resampler_flush(r2, out2 + got2);
		keep = tone(out + 1000, 16000, 1000, 16000);
		alias = tone(out + 1000, 16000, 16000 - 11000, 16000);
		ok(got == 32000 || got == 32001, "%d Hz: 2 s become %zu samples at 16 kHz", rate, got);
		ok(fabs(keep - 8000) < 200, "%d Hz: a 1 kHz tone keeps its level (%.0f)", rate, keep);
		if (rate > 22000)
			ok(alias < 100, "%d Hz: 11 kHz does not alias to 5 kHz (%.1f)", rate, alias);
		ok(got == got2 && !memcmp(out, out2, got * sizeof *out),
		   "%d Hz: pushing in pieces gives the same samples", rate);
		resampler_free(r);
		resampler_free(r2);
		free(in);
		free(out);
		free(out2);
	}
	{
		struct resampler *r = resampler_new(16000, 16000);
		int16_t in[3] = { 7, 8, 9 }, out[8];

		ok(resampler_push(r, in, 3, 1, out) == 3 && out[2] == 9 && !resampler_flush(r, out),
		   "equal rates pass through");
		resampler_free(r);
	}
	ok(!resampler_new(100, 16000), "rates out of range are refused");
}

int main(void)
{
	unsigned char hdr[44];

	if (!mkdtemp(dir))
		return 1;
	formats();
	garbage();
	raw();
	resampling();
	audio_wav_header(hdr, 16000, 2, 10);
	ok(!memcmp(hdr, "RIFF", 4) && hdr[22] == 2 && hdr[40] == 40,
	   "the WAV header writer states channels and data size");
	{
		char cmd[300];

		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd))
			diag("could not remove %s", dir);
	}
	return done_testing();
}
