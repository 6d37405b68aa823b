/*
 * audio.h - audio in: WAV files, raw PCM streams and the microphone.
 *
 * A source delivers interleaved signed 16-bit frames at its own rate with
 * one or two channels; resample.h brings them to the 16 kHz mono the
 * recognisers want.  Everything streams: a source never holds more than
 * one read's worth of audio, so an hour-long file costs the same memory as
 * a second.
 *
 * WAV: RIFF/WAVE with PCM (format 1, or WAVE_FORMAT_EXTENSIBLE carrying
 * PCM or IEEE float) at 8, 16, 24 or 32 bits, or 32-bit float; 1 or 2
 * channels; 4,000..192,000 Hz.  Samples are converted to 16 bits.  A data
 * chunk whose size is 0 or 0xFFFFFFFF (a WAV written to a pipe) is read to
 * the end of the input.  Malformed headers fail at open; a file that ends
 * before its declared data size fails at the read that notices.
 *
 * Raw: signed 16-bit little-endian PCM from a file descriptor, at a rate
 * and channel count the caller states.
 *
 * Microphone: ALSA capture (built when libasound is available; otherwise,
 * and when the device cannot be opened, the error names the alternatives).
 *
 * Errors are written to err (NUL-terminated, at most errlen bytes) or kept
 * for audio_error(); no function prints.
 */
#ifndef SALESAN_AUDIO_H
#define SALESAN_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#define AUDIO_MIN_RATE 4000
#define AUDIO_MAX_RATE 192000

struct audio_in;

/* Open a WAV file; path "-" reads standard input.  NULL on failure. */
struct audio_in *audio_open_wav(const char *path, char *err, size_t errlen);
/* Read a WAV from an open descriptor (not closed by audio_close). */
struct audio_in *audio_open_wav_fd(int fd, const char *name, char *err, size_t errlen);
/* Raw s16le PCM from fd (not closed by audio_close). */
struct audio_in *audio_open_raw(int fd, int rate, int channels, char *err, size_t errlen);
/* Capture from an ALSA device ("default" when NULL) at rate with channels. */
struct audio_in *audio_open_mic(const char *device, int rate, int channels, char *err,
				size_t errlen);
/* Whether microphone capture was built in. */
int audio_mic_supported(void);

int audio_rate(const struct audio_in *a);
int audio_channels(const struct audio_in *a);
/* Total frames the source declares, or -1 when unknown (pipes, mic). */
int64_t audio_frames_total(const struct audio_in *a);

/*
 * Read up to max_frames interleaved frames into buf (max_frames *
 * channels samples).  Returns the frames read, 0 at the end, or -1 on an
 * error (audio_error() says which; truncated files end this way).  A
 * microphone blocks until audio is available.
 */
long audio_read(struct audio_in *a, int16_t *buf, size_t max_frames);
const char *audio_error(const struct audio_in *a);
void audio_close(struct audio_in *a);

/* Write a 16-bit PCM WAV header for frames (0 = unknown) into out[44]. */
void audio_wav_header(unsigned char out[44], int rate, int channels, uint32_t frames);

#endif
