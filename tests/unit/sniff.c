/* Upload types from their bytes. */
#include "tap.h"
#include "common/sniff.h"

#include <string.h>

#define SNIFF(s, name) sniff_type((const unsigned char *)(s), sizeof(s) - 1, name)

int main(void)
{
	is_str(SNIFF("RIFF\x24\0\0\0WAVEfmt ", "x.bin"), "audio/wav", "WAV by content, whatever the name");
	is_str(SNIFF("ID3\x03\0\0\0", "a.mp3"), "audio/mpeg", "MP3 with ID3");
	is_str(SNIFF("\xFF\xFB\x90\x64", "a.mp3"), "audio/mpeg", "MP3 frame");
	is_str(SNIFF("\xFF\xF1\x50\x80", "a.aac"), "audio/aac", "AAC ADTS");
	is_str(SNIFF("\0\0\0\x20" "ftypM4A \0\0\0\0", "a.m4a"), "audio/mp4", "M4A");
	is_str(SNIFF("\0\0\0\x20" "ftypisom\0\0\0\0", "a.mp4"), "video/mp4", "MP4");
	is_str(SNIFF("\0\0\0\x14" "ftypqt  \0\0\0\0", "a.mov"), "video/quicktime", "QuickTime");
	is_str(SNIFF("\xFF\xD8\xFF\xE0", "a.jpg"), "image/jpeg", "JPEG");
	is_str(SNIFF("\x89PNG\r\n\x1A\n", "a.png"), "image/png", "PNG");
	is_str(SNIFF("%PDF-1.7\n", "a.pdf"), "application/pdf", "PDF");
	is_str(SNIFF("PK\x03\x04....", "a.docx"),
	       "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX");
	ok(SNIFF("PK\x03\x04....", "a.zip") == NULL, "other zips refused");
	is_str(SNIFF("name,amount\nA,1\n", "leads.csv"), "text/csv", "CSV");
	is_str(SNIFF("Bonjour \xC3\xA0 tous\n", "notes.txt"), "text/plain", "UTF-8 text");
	ok(SNIFF("\x7F" "ELF\x02\x01", "a.wav") == NULL, "an executable named .wav is refused");
	ok(SNIFF("bad \xC3\x28 utf8", "a.txt") == NULL, "invalid UTF-8 is not text");
	ok(SNIFF("nul\0inside", "a.txt") == NULL, "NUL bytes are not text");
	is_str(sniff_canonical("audio/wav"), "audio/wav", "canonical known type");
	is_str(sniff_canonical("text/html"), "application/octet-stream", "unknown types are octet-stream");
	return done_testing();
}
