#include "audio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_ALSA
#include <alsa/asoundlib.h>
#endif

enum { SRC_WAV, SRC_RAW, SRC_MIC };
enum { FMT_INT, FMT_FLOAT };

#define CHUNK_BYTES 16384

struct audio_in {
	int kind;
	int fd, own_fd;
	int rate, channels;
	int fmt, bits;            /* sample encoding in the source */
	int64_t data_left;        /* bytes of the data chunk still to read; -1 unbounded */
	int64_t frames_total;
	unsigned char in[CHUNK_BYTES];
	size_t in_len;            /* bytes buffered in in[] (a partial frame) */
	char err[256];
#ifdef HAVE_ALSA
	snd_pcm_t *pcm;
#endif
};

static void seterr(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

/* Read exactly n bytes: 1 when done, 0 at a clean end before any byte,
 * -1 on an error or a short read. */
static int read_full(int fd, void *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)p + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return got == 0 && r == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

static int skip_bytes(int fd, uint64_t n)
{
	unsigned char tmp[4096];

	while (n) {
		size_t k = n < sizeof tmp ? (size_t)n : sizeof tmp;

		if (read_full(fd, tmp, k) != 1)
			return -1;
		n -= k;
	}
	return 0;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static int check_shape(int rate, int channels, char *err, size_t errlen)
{
	if (channels < 1 || channels > 2) {
		seterr(err, errlen, "%d channels: only mono and stereo are supported "
		       "(mix down with: sox IN.wav -c 1 OUT.wav)", channels);
		return -1;
	}
	if (rate < AUDIO_MIN_RATE || rate > AUDIO_MAX_RATE) {
		seterr(err, errlen, "sample rate %d Hz is outside %d..%d", rate, AUDIO_MIN_RATE,
		       AUDIO_MAX_RATE);
		return -1;
	}
	return 0;
}

/* The fmt chunk's body (n bytes at p). */
static int parse_fmt(struct audio_in *a, const unsigned char *p, uint32_t n, char *err,
		     size_t errlen)
{
	unsigned tag, align;

	if (n < 16) {
		seterr(err, errlen, "malformed WAV: fmt chunk of %u bytes", n);
		return -1;
	}
	tag = le16(p);
	a->channels = le16(p + 2);
	a->rate = (int)le32(p + 4);
	align = le16(p + 12);
	a->bits = le16(p + 14);
	if (tag == 0xFFFE) { /* WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes */
		if (n < 40) {
			seterr(err, errlen, "malformed WAV: short extensible fmt chunk");
			return -1;
		}
		tag = le16(p + 24);
	}
	if (tag == 1 && (a->bits == 8 || a->bits == 16 || a->bits == 24 || a->bits == 32))
		a->fmt = FMT_INT;
	else if (tag == 3 && a->bits == 32)
		a->fmt = FMT_FLOAT;
	else {
		seterr(err, errlen, "unsupported WAV encoding (format %u, %d bits): convert with "
		       "sox IN -b 16 -e signed-integer OUT.wav", tag, a->bits);
		return -1;
	}
	if (check_shape(a->rate, a->channels, err, errlen))
		return -1;
	if (align != (unsigned)(a->channels * a->bits / 8)) {
		seterr(err, errlen, "malformed WAV: block align %u for %d channels of %d bits",
		       align, a->channels, a->bits);
		return -1;
	}
	return 0;
}

static int parse_wav(struct audio_in *a, char *err, size_t errlen)
{
	unsigned char h[12], ch[8], fmt[64];
	int have_fmt = 0;

	if (read_full(a->fd, h, 12) != 1 || memcmp(h, "RIFF", 4) || memcmp(h + 8, "WAVE", 4)) {
		seterr(err, errlen, "not a WAV file (no RIFF/WAVE header)");
		return -1;
	}
	for (int guard = 0; guard < 64; guard++) {
		uint32_t n;

		if (read_full(a->fd, ch, 8) != 1) {
			seterr(err, errlen, "malformed WAV: no data chunk");
			return -1;
		}
		n = le32(ch + 4);
		if (!memcmp(ch, "fmt ", 4)) {
			if (n > sizeof fmt) {
				seterr(err, errlen, "malformed WAV: fmt chunk of %u bytes", n);
				return -1;
			}
			if (read_full(a->fd, fmt, n + (n & 1)) != 1) {
				seterr(err, errlen, "truncated WAV header");
				return -1;
			}
			if (parse_fmt(a, fmt, n, err, errlen))
				return -1;
			have_fmt = 1;
		} else if (!memcmp(ch, "data", 4)) {
			if (!have_fmt) {
				seterr(err, errlen, "malformed WAV: data before fmt");
				return -1;
			}
			int frame = a->channels * a->bits / 8;

			if (n == 0 || n == 0xFFFFFFFFu) {
				a->data_left = -1;
				a->frames_total = -1;
			} else {
				a->data_left = n;
				a->frames_total = n / (uint32_t)frame;
			}
			return 0;
		} else if (skip_bytes(a->fd, (uint64_t)n + (n & 1))) {
			seterr(err, errlen, "truncated WAV header");
			return -1;
		}
	}
	seterr(err, errlen, "malformed WAV: too many chunks before the audio");
	return -1;
}

static struct audio_in *alloc_in(int kind, int fd, int own)
{
	struct audio_in *a = calloc(1, sizeof *a);

	if (!a)
		return NULL;
	a->kind = kind;
	a->fd = fd;
	a->own_fd = own;
	a->fmt = FMT_INT;
	a->bits = 16;
	a->data_left = -1;
	a->frames_total = -1;
	return a;
}

struct audio_in *audio_open_wav_fd(int fd, const char *name, char *err, size_t errlen)
{
	struct audio_in *a = alloc_in(SRC_WAV, fd, 0);
	char why[200];

	if (!a) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	if (parse_wav(a, why, sizeof why)) {
		seterr(err, errlen, "%s: %s", name ? name : "audio", why);
		free(a);
		return NULL;
	}
	return a;
}

struct audio_in *audio_open_wav(const char *path, char *err, size_t errlen)
{
	struct audio_in *a;
	int fd;

	if (!strcmp(path, "-"))
		return audio_open_wav_fd(0, "standard input", err, errlen);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	a = audio_open_wav_fd(fd, path, err, errlen);
	if (!a)
		close(fd);
	else
		a->own_fd = 1;
	return a;
}

struct audio_in *audio_open_raw(int fd, int rate, int channels, char *err, size_t errlen)
{
	struct audio_in *a;

	if (check_shape(rate, channels, err, errlen))
		return NULL;
	a = alloc_in(SRC_RAW, fd, 0);
	if (!a) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	a->rate = rate;
	a->channels = channels;
	return a;
}

int audio_rate(const struct audio_in *a)
{
	return a->rate;
}

int audio_channels(const struct audio_in *a)
{
	return a->channels;
}

int64_t audio_frames_total(const struct audio_in *a)
{
	return a->frames_total;
}

const char *audio_error(const struct audio_in *a)
{
	return a->err[0] ? a->err : "no error";
}

static int16_t clamp16(long v)
{
	return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

/* Convert whole frames from a->in to 16-bit samples. */
static void convert(const struct audio_in *a, const unsigned char *p, size_t samples, int16_t *out)
{
	for (size_t i = 0; i < samples; i++) {
		switch (a->fmt == FMT_FLOAT ? 0 : a->bits) {
		case 0: {
			float f;
			uint32_t u = le32(p + 4 * i);

			memcpy(&f, &u, sizeof f);
			out[i] = f != f ? 0 : clamp16(f >= 1.0f ? 32767 : f <= -1.0f ? -32768 :
						      (long)(f * 32768.0f));
			break;
		}
		case 8:
			out[i] = (int16_t)((p[i] - 128) * 256);
			break;
		case 16:
			out[i] = (int16_t)le16(p + 2 * i);
			break;
		case 24:
			out[i] = (int16_t)(p[3 * i + 1] | p[3 * i + 2] << 8);
			break;
		default: /* 32 */
			out[i] = (int16_t)le16(p + 4 * i + 2);
			break;
		}
	}
}

static long read_file(struct audio_in *a, int16_t *buf, size_t max_frames)
{
	size_t frame = (size_t)a->channels * (size_t)a->bits / 8, want, got;

	if (max_frames > CHUNK_BYTES / frame)
		max_frames = CHUNK_BYTES / frame;
	want = max_frames * frame;
	if (a->data_left >= 0 && (int64_t)want > a->data_left)
		want = (size_t)a->data_left - (size_t)a->data_left % frame;
	while (a->in_len < want) {
		ssize_t r = read(a->fd, a->in + a->in_len, want - a->in_len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(a->err, sizeof a->err, "read error: %s", strerror(errno));
			return -1;
		}
		if (r == 0)
			break;
		a->in_len += (size_t)r;
		if (a->in_len >= frame)
			break; /* a pipe: deliver what has arrived (files return it all) */
	}
	got = a->in_len / frame;
	if (!got) {
		if (a->data_left > 0 && a->data_left >= (int64_t)frame) {
			snprintf(a->err, sizeof a->err, "truncated audio: %lld bytes of the declared "
				 "data are missing", (long long)a->data_left);
			return -1;
		}
		if (a->in_len && a->kind == SRC_RAW) {
			snprintf(a->err, sizeof a->err, "raw audio ends inside a frame");
			return -1;
		}
		return 0;
	}
	convert(a, a->in, got * (size_t)a->channels, buf);
	if (a->data_left >= 0)
		a->data_left -= (int64_t)(got * frame);
	memmove(a->in, a->in + got * frame, a->in_len - got * frame);
	a->in_len -= got * frame;
	return (long)got;
}

#ifdef HAVE_ALSA
int audio_mic_supported(void)
{
	return 1;
}

/* ALSA prints its own diagnostics to stderr; the error we return says it
 * better, with the alternatives. */
static void alsa_quiet(const char *file, int line, const char *fn, int err, const char *fmt, ...)
{
	(void)file;
	(void)line;
	(void)fn;
	(void)err;
	(void)fmt;
}

struct audio_in *audio_open_mic(const char *device, int rate, int channels, char *err,
				size_t errlen)
{
	struct audio_in *a;
	int rc;

	if (check_shape(rate, channels, err, errlen))
		return NULL;
	a = alloc_in(SRC_MIC, -1, 0);
	if (!a) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	if (!device)
		device = "default";
	snd_lib_error_set_handler(alsa_quiet);
	rc = snd_pcm_open(&a->pcm, device, SND_PCM_STREAM_CAPTURE, 0);
	if (rc == 0)
		rc = snd_pcm_set_params(a->pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED,
					(unsigned)channels, (unsigned)rate, 1, 500000);
	if (rc < 0) {
		seterr(err, errlen, "cannot capture from ALSA device '%s': %s; record from a file "
		       "(--audio-from FILE.wav) or a pipe (arecord -f S16_LE -r 16000 - | salesan "
		       "record --audio-from -, or parec --format=s16le --rate=16000 --channels=1 | "
		       "salesan record --audio-from - --rate 16000)", device, snd_strerror(rc));
		if (a->pcm)
			snd_pcm_close(a->pcm);
		free(a);
		return NULL;
	}
	a->rate = rate;
	a->channels = channels;
	return a;
}

static long read_mic(struct audio_in *a, int16_t *buf, size_t max_frames)
{
	for (;;) {
		snd_pcm_sframes_t n = snd_pcm_readi(a->pcm, buf, max_frames);

		if (n >= 0)
			return (long)n;
		if (snd_pcm_recover(a->pcm, (int)n, 1) < 0) {
			snprintf(a->err, sizeof a->err, "microphone: %s", snd_strerror((int)n));
			return -1;
		}
	}
}
#else
int audio_mic_supported(void)
{
	return 0;
}

struct audio_in *audio_open_mic(const char *device, int rate, int channels, char *err,
				size_t errlen)
{
	(void)device;
	(void)rate;
	(void)channels;
	seterr(err, errlen, "this salesan was built without microphone support (libasound); "
	       "record from a file (--audio-from FILE.wav) or a pipe (arecord -f S16_LE -r 16000 - "
	       "| salesan record --audio-from -, or parec --format=s16le --rate=16000 --channels=1 "
	       "| salesan record --audio-from - --rate 16000)");
	return NULL;
}

static long read_mic(struct audio_in *a, int16_t *buf, size_t max_frames)
{
	(void)buf;
	(void)max_frames;
	snprintf(a->err, sizeof a->err, "no microphone support");
	return -1;
}
#endif

long audio_read(struct audio_in *a, int16_t *buf, size_t max_frames)
{
	if (!max_frames)
		return 0;
	return a->kind == SRC_MIC ? read_mic(a, buf, max_frames) : read_file(a, buf, max_frames);
}

void audio_close(struct audio_in *a)
{
	if (!a)
		return;
#ifdef HAVE_ALSA
	if (a->pcm)
		snd_pcm_close(a->pcm);
#endif
	if (a->own_fd && a->fd >= 0)
		close(a->fd);
	free(a);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

void audio_wav_header(unsigned char out[44], int rate, int channels, uint32_t frames)
{
	uint32_t data = frames ? frames * (uint32_t)channels * 2 : 0xFFFFFFFFu;

	memcpy(out, "RIFF", 4);
	put32(out + 4, frames ? 36 + data : 0xFFFFFFFFu);
	memcpy(out + 8, "WAVEfmt ", 8);
	put32(out + 16, 16);
	out[20] = 1;
	out[21] = 0;
	out[22] = (unsigned char)channels;
	out[23] = 0;
	put32(out + 24, (uint32_t)rate);
	put32(out + 28, (uint32_t)(rate * channels * 2));
	out[32] = (unsigned char)(channels * 2);
	out[33] = 0;
	out[34] = 16;
	out[35] = 0;
	memcpy(out + 36, "data", 4);
	put32(out + 40, data);
}
