/*
 * lexicon.c - see lexicon.h.  Plain data.
 */
#include "lexicon.h"

#include <stddef.h>

const char *const lex_stopwords[] = {
	"a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "at", "by", "for", "with",
	"about", "to", "from", "in", "on", "up", "out", "over", "into", "as", "is", "are", "was",
	"were", "be", "been", "being", "am", "do", "does", "did", "have", "has", "had", "i", "me",
	"my", "we", "our", "us", "you", "your", "he", "she", "it", "its", "they", "them", "their",
	"this", "that", "these", "those", "there", "here", "what", "which", "who", "whom", "will",
	"would", "could", "should", "can", "may", "might", "shall", "just", "very", "really",
	"quite", "too", "also", "some", "any", "all", "each", "such", "than", "that's", "there's",
	"yeah", "yes", "ok", "okay", "oh", "well", "um", "uh", "hmm", "mm", "like", "get", "got",
	"going", "gonna", "let", "lets", "let's", "me", "myself", "yourself", "ourselves", "how",
	"when", "where", "why", "not", "no", "now", "one", "thing", "things", "kind", "sort", "bit",
	"lot", "way", "much", "many", "more", "most", "other", "another", "same", "own", "again",
	NULL
};

const char *const lex_common[] = {
	"work", "working", "works", "team", "teams", "time", "times", "make", "makes", "know",
	"think", "want", "need", "go", "goes", "see", "look", "looking", "take", "come", "say",
	"said", "tell", "talk", "talking", "good", "great", "right", "people", "day", "days",
	"little", "sure", "start", "use", "using", "help", "try", "give", "find", "feel", "keep",
	"put", "mean", "seem", "part", "point", "place", "case", "fact", "sense", "happen", "move",
	"turn", "call", "calls", "first", "new", "big", "small", "good", "thank", "thanks", "great",
	"hear", "happy", "able", "today", "week", "year", "month", "quick", "quickly", "maybe",
	"probably", "actually", "basically", "everyone", "anything", "something", "everything",
	"someone", "question", "questions", "bit", "stuff", "like", "yours", "ours", NULL
};

const char *const lex_concepts[] = {
	"price", "pricing", "cost", "costs", "expensive", "pricey", "budget", "afford", "spend",
	"investment", "fee", "fees", "rate", "quote", "dollars", "money", NULL,
	"cheap", "cheaper", "discount", "discounts", "deal", "reduction", "lower", "savings", NULL,
	"save", "saving", "savings", "reduce", "cut", "lower", "decrease", NULL,
	"demo", "demonstration", "walkthrough", "show", "showcase", "tour", "preview", NULL,
	"meeting", "call", "session", "appointment", "chat", "conversation", NULL,
	"schedule", "book", "calendar", "arrange", "set", "slot", NULL,
	"next", "following", "upcoming", "subsequent", NULL,
	"step", "steps", "action", "plan", "path", NULL,
	"follow", "followup", "check", "touch", "reconnect", "circle", NULL,
	"problem", "problems", "issue", "issues", "challenge", "challenges", "pain", "struggle",
	"struggling", "difficulty", "headache", "frustration", "bottleneck", "hard", "hardest",
	"tough", "toughest", "difficult", "mess", "broken", NULL,
	"goal", "goals", "objective", "objectives", "target", "aim", "priority", "priorities",
	"outcome", "quota", "quotas", NULL,
	"need", "needs", "requirement", "requirements", "must", "require", "necessary", NULL,
	"want", "wish", "looking", "hope", "hoping", "prefer", "interested", "interest", NULL,
	"help", "assist", "support", "enable", "aid", NULL,
	"solve", "fix", "address", "resolve", "tackle", "handle", NULL,
	"team", "staff", "people", "employees", "colleagues", "reps", "crew", NULL,
	"company", "business", "organization", "organisation", "firm", "org", "enterprise", NULL,
	"customer", "customers", "client", "clients", "buyer", "buyers", "users", NULL,
	"product", "platform", "solution", "software", "tool", "system", "service", "app", NULL,
	"feature", "features", "capability", "capabilities", "functionality", "function", NULL,
	"integrate", "integration", "integrations", "connect", "connector", "sync", "plug", NULL,
	"contract", "agreement", "terms", "paperwork", "signature", "sign", NULL,
	"renew", "renewal", "renewing", "extend", "extension", "continue", NULL,
	"cancel", "cancellation", "terminate", "churn", "leave", "switch", "quit", NULL,
	"competitor", "competitors", "competition", "alternative", "alternatives", "vendor",
	"vendors", NULL,
	"time", "timeline", "timeframe", "deadline", "schedule", "when", "date", NULL,
	"quick", "quickly", "fast", "rapid", "soon", "asap", "speed", NULL,
	"decision", "decide", "approve", "approval", "sign-off", "signoff", "choose", NULL,
	"boss", "manager", "director", "executive", "vp", "ceo", "cfo", "stakeholder",
	"stakeholders", "leadership", "committee", NULL,
	"benefit", "benefits", "value", "advantage", "roi", "return", "payoff", "gain", "payback",
	"recover", "recoup", "worth", NULL,
	"result", "results", "impact", "improvement", "improve", "increase", "boost", "grow",
	"growth", "affect", "affecting", "effect", "effects", NULL,
	"revenue", "sales", "income", "bookings", "pipeline", NULL,
	"question", "questions", "ask", "asking", "wonder", "wondering", "curious", NULL,
	"understand", "understanding", "learn", "know", "hear", "tell", "explain", "walk",
	"describe", "share", NULL,
	"current", "currently", "today", "existing", "present", "now", "moment", NULL,
	"process", "workflow", "procedure", "routine", "approach", NULL,
	"agenda", "plan", "outline", "overview", "cover", NULL,
	"recap", "summary", "summarize", "summarise", "recapping", "review", NULL,
	"thank", "thanks", "appreciate", "grateful", NULL,
	"concern", "concerns", "worry", "worried", "hesitation", "hesitant", "unsure", "doubt",
	"risk", NULL,
	"trial", "pilot", "poc", "proof", "test", "evaluate", "evaluation", NULL,
	"onboard", "onboarding", "implementation", "implement", "setup", "rollout", "deploy",
	"deployment", "install", NULL,
	"training", "train", "coaching", "coach", "teach", NULL,
	"security", "secure", "compliance", "compliant", "privacy", "gdpr", "soc", NULL,
	"data", "information", "records", "numbers", "metrics", "reports", "reporting", NULL,
	"happy", "glad", "pleased", "delighted", "excited", "thrilled", NULL,
	"great", "excellent", "fantastic", "wonderful", "awesome", "amazing", "perfect", NULL,
	"busy", "swamped", "slammed", "hectic", NULL,
	"email", "mail", "send", "sent", "forward", NULL,
	"hello", "hi", "hey", "greetings", "morning", "afternoon", NULL,
	"introduce", "introduction", "name", NULL,
	"recommend", "recommendation", "suggest", "suggestion", "advise", "propose", NULL,
	"guarantee", "promise", "assure", "certain", "definitely", NULL,
	"free", "complimentary", "no-cost", NULL,
	"month", "monthly", "months", NULL,
	"minute", "minutes", "hour", "hours", "half-hour", NULL,
	"crm", "salesforce", "hubspot", "pipedrive", "dynamics", NULL,
	"expire", "expires", "expiring", "end", "ends", "ending", "disappear", "disappears",
	"valid", NULL,
	"double", "twice", "triple", "multiply", NULL,
	"terrible", "awful", "horrible", "garbage", "trash", "worst", "useless", NULL,
	"bug", "bugs", "glitch", "glitches", "defect", "defects", "error", "errors", NULL,
	"year", "yearly", "annual", "annually", "years", NULL,
	"week", "weekly", "weeks", NULL,
	"upgrade", "expand", "expansion", "upsell", "add", "more", NULL,
	"usage", "use", "using", "adoption", "utilization", NULL,
	"cheaper", "less", "lower", NULL,
	"later", "postpone", "delay", "wait", "hold", NULL,
	"happy", "satisfied", "content", NULL,
	NULL
};

const char *const lex_sentiment[] = {
	"+2great", "+2excellent", "+2fantastic", "+2wonderful", "+2awesome", "+2amazing",
	"+2perfect", "+2love", "+2loved", "+2excited", "+2thrilled", "+2delighted", "+1good",
	"+1nice", "+1happy", "+1glad", "+1pleased", "+1helpful", "+1useful", "+1interesting",
	"+1interested", "+1like", "+1liked", "+1thanks", "+1thank", "+1appreciate", "+1easy",
	"+1clear", "+1sure", "+1agree", "+1right", "+1fair", "+1impressive", "+1impressed",
	"+1valuable", "+1works", "+1fine", "+1cool", "+1exactly", "+1absolutely", "+1definitely",
	"+1yes", "+1sounds", "+1perfectly", "+1better", "+1best", "+1win", "+1benefit",
	"-2terrible", "-2awful", "-2horrible", "-2hate", "-2angry", "-2furious", "-2useless",
	"-2waste", "-2ridiculous", "-2unacceptable", "-1bad", "-1expensive", "-1problem",
	"-1problems", "-1issue", "-1issues", "-1difficult", "-1hard", "-1confusing", "-1confused",
	"-1frustrated", "-1frustrating", "-1annoying", "-1annoyed", "-1worried", "-1concern",
	"-1concerned", "-1unfortunately", "-1disappointed", "-1disappointing", "-1slow",
	"-1broken", "-1fail", "-1failed", "-1poor", "-1unhappy", "-1wrong", "-1never", "-1cancel",
	"-1busy", "-1complicated", "-1doubt", "-1risky", "-1pricey", "-1costly", "-1struggle",
	"-1struggling", "-1pain", "-1worse", "-1worst", "-1sorry",
	NULL
};

const char *const lex_negators[] = {
	"not", "no", "never", "none", "nothing", "hardly", "barely", "without", "nobody", NULL
};

const char *const lex_fillers[] = {
	"um", "uh", "uhm", "umm", "er", "erm", "ah", "hmm", "you know", "i mean", "sort of",
	"kind of", "basically", "literally", "actually", "like", NULL
};

const char *const lex_question_openers[] = {
	"what", "how", "why", "when", "where", "who", "which", "whose", "do you", "does",
	"did you", "are you", "is it", "is there", "is that", "can you", "could you", "would you",
	"will you", "have you", "has", "should we", "shall we", "may i", "can i", "could i",
	"would it", "is your", "are there", "do they", "tell me", NULL
};

const char *const lex_intro_cues[] = {
	"my name is", "this is", "i'm calling from", "calling from", "i am calling from",
	"i'm with", "i am with", "here from", "i work at", "i work for", "on behalf of",
	"thanks for taking", "thank you for taking", "thanks for joining", NULL
};

const char *const lex_contractions[][2] = {
	{ "can't", "can not" }, { "won't", "will not" }, { "shan't", "shall not" },
	{ "cannot", "can not" },
	{ "n't", " not" }, { "'re", " are" }, { "'ve", " have" }, { "'ll", " will" },
	{ "'d", " would" }, { "'m", " am" }, { "'s", "" }, { NULL, NULL }
};

const char *const lex_numbers[][2] = {
	{ "zero", "0" }, { "one", "1" }, { "two", "2" }, { "three", "3" }, { "four", "4" },
	{ "five", "5" }, { "six", "6" }, { "seven", "7" }, { "eight", "8" }, { "nine", "9" },
	{ "ten", "10" }, { "eleven", "11" }, { "twelve", "12" }, { "fifteen", "15" },
	{ "twenty", "20" }, { "thirty", "30" }, { "forty", "40" }, { "fifty", "50" },
	{ "sixty", "60" }, { "hundred", "100" }, { "thousand", "1000" }, { "million", "1000000" },
	{ "percent", "%" }, { NULL, NULL }
};
