/* Transcript importers: every format, sniffing, times, malformed input. */
#include "tap.h"
#include "analysis/transcript.h"

#include <string.h>

static struct transcript T;
static char err[256];
static enum transcript_format used;

static int imp(const char *s, enum transcript_format f)
{
	transcript_free(&T);
	return transcript_import(s, strlen(s), f, &T, &used, err, sizeof err);
}

#define SPK(i) T.speakers[T.turns[i].speaker].name

int main(void)
{
	ok(imp("Jane Doe  0:03\nHi, this is Jane from Acme.\nHow are you?\n\nBob  0:09\nGood thanks.\n\n"
	       "Jane Doe  1:02:03\nGreat.\n", TF_AUTO) == 0, "Otter TXT imports");
	is_int(used, TF_OTTER, "sniffed as Otter");
	is_int(T.nturns, 3, "three turns");
	is_str(SPK(0), "Jane Doe", "speaker name");
	is_str(T.turns[0].text, "Hi, this is Jane from Acme. How are you?", "lines joined");
	is_int(T.turns[0].start_ms, 3000, "M:SS start");
	is_int(T.turns[0].end_ms, 9000, "ends where the next begins");
	is_int(T.turns[2].start_ms, 3723000, "H:MM:SS start");
	is_int(T.turns[2].end_ms, 3723000 + 400, "the last turn lasts its words at 150 wpm");
	is_int(T.nspeakers, 2, "two speakers");

	ok(imp("1\n00:00:01,000 --> 00:00:04,500\nJane: Hello there.\n\n2\n00:00:05,000 --> 00:00:07,000\n"
	       "Bob: Hi.\nHow are you?\n", TF_AUTO) == 0, "SRT imports");
	is_int(used, TF_SRT, "sniffed as SRT");
	is_str(SPK(1), "Bob", "Name: prefix gives the speaker");
	is_str(T.turns[1].text, "Hi. How are you?", "cue lines joined");
	is_int(T.turns[0].start_ms, 1000, "start");
	is_int(T.turns[0].end_ms, 4500, "end");
	ok(imp("1\n00:00:01,000 --> 00:00:02,000\nJust words here.\n", TF_AUTO) == 0 && T.nspeakers == 1,
	   "SRT without speakers");

	ok(imp("WEBVTT - call\n\nNOTE this is ignored\nstill ignored\n\nc1\n00:01.000 --> 00:04.000 align:start\n"
	       "<v Jane Doe>Hello &amp; welcome</v>\n\n00:00:05.000 --> 00:00:06.000\n<v.loud Bob>Thanks!\n",
	       TF_AUTO) == 0, "WebVTT imports");
	is_int(used, TF_VTT, "sniffed as WebVTT");
	is_int(T.nturns, 2, "NOTE blocks skipped");
	is_str(SPK(0), "Jane Doe", "voice span speaker");
	is_str(T.turns[0].text, "Hello & welcome", "tags and entities");
	is_str(SPK(1), "Bob", "voice with a class");
	is_int(T.turns[1].start_ms, 5000, "HH:MM:SS.mmm");

	ok(imp("{\"speakers\":[{\"id\":\"r\",\"name\":\"Rita\",\"role\":\"rep\"},{\"id\":\"c\",\"name\":\"Carl\","
	       "\"role\":\"customer\"}],\"segments\":[{\"speaker\":\"r\",\"startMs\":0,\"endMs\":1500,"
	       "\"text\":\"Hi Carl\"},{\"speaker\":\"c\",\"startMs\":1600,\"endMs\":2000,\"text\":\"Hey\"}]}",
	       TF_AUTO) == 0, "salesan JSON imports");
	is_int(used, TF_JSON, "sniffed as salesan JSON");
	ok(T.speakers[T.turns[0].speaker].role == SPK_REP && T.speakers[T.turns[1].speaker].role == SPK_CUSTOMER,
	   "roles kept");
	is_str(SPK(0), "Rita", "display names");

	ok(imp("{\"text\":\"x\",\"segments\":[{\"start\":0.5,\"end\":2.25,\"text\":\" Hello\",\"speaker\":\"SPEAKER_00\"},"
	       "{\"start\":2.5,\"end\":3.0,\"text\":\"Hi\",\"speaker\":\"SPEAKER_01\"}]}", TF_AUTO) == 0,
	   "Whisper verbose_json imports");
	is_int(used, TF_WHISPER, "sniffed as Whisper");
	is_int(T.turns[0].start_ms, 500, "seconds become ms");
	is_int(T.turns[0].end_ms, 2250, "end");
	is_str(SPK(1), "SPEAKER_01", "diarized speaker");

	ok(imp("{\"results\":{\"utterances\":[{\"start\":1.0,\"end\":2.0,\"transcript\":\"Hello\",\"speaker\":0},"
	       "{\"start\":2.1,\"end\":3.0,\"transcript\":\"Yes\",\"speaker\":1}]}}", TF_AUTO) == 0,
	   "Deepgram utterances import");
	is_int(used, TF_DEEPGRAM, "sniffed as Deepgram");
	is_str(SPK(1), "Speaker 1", "numbered speakers");
	ok(imp("{\"results\":{\"channels\":[{\"alternatives\":[{\"words\":[{\"word\":\"hello\",\"punctuated_word\":"
	       "\"Hello,\",\"start\":0.1,\"end\":0.4,\"speaker\":0},{\"word\":\"there\",\"start\":0.5,\"end\":0.8,"
	       "\"speaker\":0},{\"word\":\"hi\",\"start\":1.0,\"end\":1.2,\"speaker\":1}]}]}]}}", TF_AUTO) == 0,
	   "Deepgram words import");
	is_int(T.nturns, 2, "words grouped by speaker");
	is_str(T.turns[0].text, "Hello, there", "punctuated words");
	is_int(T.turns[0].end_ms, 800, "turn end from its last word");

	ok(imp("{\"utterances\":[{\"speaker\":\"A\",\"start\":250,\"end\":1200,\"text\":\"Hi\"},"
	       "{\"speaker\":\"B\",\"start\":1300,\"end\":2000,\"text\":\"Hello\"}]}", TF_AUTO) == 0,
	   "AssemblyAI imports");
	is_int(used, TF_ASSEMBLYAI, "sniffed as AssemblyAI");
	is_int(T.turns[0].start_ms, 250, "milliseconds kept");

	ok(imp("Rep: Hi, I'm Sam from Acme.\nCustomer: Hello.\nHow can I help?\nRep: Great question\n", TF_AUTO) == 0,
	   "plain lines import");
	is_int(used, TF_PLAIN, "sniffed as plain");
	is_int(T.nturns, 3, "continuation lines join the previous turn");
	is_str(T.turns[1].text, "Hello. How can I help?", "joined");
	is_int(T.turns[0].start_ms, 0, "no times: the first turn starts at 0");
	is_int(T.turns[1].start_ms, T.turns[0].end_ms, "each turn follows the previous");
	is_int(T.turns[0].end_ms, 5 * 400, "150 words per minute (5 words: 2 s)");
	ok(imp("[00:01:00] Rep: Hi\n[00:01:05] Customer: Hello\n", TF_PLAIN) == 0 && T.turns[1].start_ms == 65000,
	   "plain lines with clock prefixes");

	ok(imp("Rep: Hi\n", TF_SRT) == -1, "forcing a wrong format fails");
	like(err, "line 1", "naming the line");
	ok(imp("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\nnot a time\nHi\n", TF_AUTO) == -1, "broken SRT");
	like(err, "^line 6:", "the line is named");
	ok(imp("{\"segments\":[{\"start\":1,\"end\":0,\"text\":\"x\"}]}", TF_WHISPER) == -1, "end before start");
	like(err, "segments\\[0\\]", "the item is named");
	ok(imp("{\"segments\": [ {\"start\": 1, ", TF_AUTO) == -1, "truncated JSON");
	like(err, "^byte [0-9]+", "the byte is named");
	ok(imp("{\"speakers\":[{\"id\":\"x\",\"role\":\"boss\"}],\"segments\":[]}", TF_AUTO) == -1, "bad role");
	ok(imp("WEBVTT\n\n00:01.000 --> 00:00.500\nHi\n", TF_AUTO) == -1, "a cue ending before it starts");
	ok(imp("", TF_AUTO) == -1 && strstr(err, "no speech"), "empty input");
	ok(imp("hello world without speakers\n", TF_AUTO) == -1, "plain text without a speaker");
	{
		char nul[] = "Rep: a\0b";
		transcript_free(&T);
		ok(transcript_import(nul, 8, TF_AUTO, &T, NULL, err, sizeof err) == -1 && strstr(err, "NUL"),
		   "NUL bytes refused");
	}
	is_int(transcript_format_from_name("deepgram"), TF_DEEPGRAM, "format names");
	is_int(transcript_format_from_name("nope"), -1, "unknown format name");
	transcript_free(&T);
	return done_testing();
}
