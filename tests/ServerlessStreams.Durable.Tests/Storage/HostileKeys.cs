namespace ServerlessStreams.Durable.Tests.Storage;

/// <summary>Keys that break naive Table key handling: forbidden characters, control characters, non-ASCII, length, escaping look-alikes.</summary>
internal static class HostileKeys
{
    public static readonly string Long = "\"" + new string('k', 2_048) + "\"";

    public static IReadOnlyList<string> GroupKeys { get; } =
    [
        "\"a/b\"", "\"#\"", "\"?\"", "\"\\\\\"", "\"tab\\t\"", "\"\t\"", "\"\n\"", "\"\u0000\"", "\"\u007F\u0085\u009F\"",
        "\"😀\"", "\"Zoë\"", "\"日本\"", "null", "[\"a\",1]", "[\"a|1\"]", "\"a|1\"", "\"~\"", "\"~7E\"", "\"~2F\"", "\"~~\"",
        "\"%2F\"", "\"'\"", "\"''\"", "\" \"", "\"\"", "\"meta\"", "\"d|x\"", "\"x|w|1\"", "1", "1.0", "true",
        Long, Long[..^2] + "l\"", "\"" + string.Concat(Enumerable.Repeat("😀", 300)) + "\"",
    ];

    public static IReadOnlyList<string> SegmentIds { get; } =
    [
        "votes/0/1", "votes/0/1#2", "votes/0/1#2#0", "a?b", "a\\b", "tab\t", "nl\n", "😀", "~", "~7E", "~~", "d|x", "'", "%2F",
        "voter-" + new string('v', 2_000), "voter-" + new string('v', 1_999) + "w", "\u0001", "meta",
    ];
}
