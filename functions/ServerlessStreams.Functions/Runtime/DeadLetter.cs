using System.Text;
using System.Text.Json.Nodes;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>A record that could not be processed, with its reason and where it came from; nothing is dropped.</summary>
public sealed record DeadLetter(string Reason, string Task, SourceCoordinates Source, string? Key, string Value, SegmentId? SegmentId)
{
    /// <summary>
    /// The most a dead letter's JSON takes, in UTF-8 bytes. A record within the stage's limit can make a dead letter
    /// several times its size (JSON escapes a control character as six bytes, and the key travels twice), and a Kafka
    /// record holds 1 MB at most (Event Hubs; librdkafka's message.max.bytes): a dead letter that does not fit would
    /// fail its batch every time it came again.
    /// </summary>
    public const int MaxJsonBytes = 256 * 1024;

    /// <summary>The most of a reason a cut dead letter keeps (a reason may quote a key).</summary>
    private const int MaxReasonChars = 512;

    /// <summary>The most a dead letter's Kafka key takes, in UTF-8 bytes; a longer key is left out of the record's key (the JSON keeps its start).</summary>
    internal const int MaxKafkaKeyBytes = 64 * 1024;

    internal JsonObject ToJson() => ToJson(Value, Key);

    /// <summary>
    /// The JSON as it is sent: whole when it fits <see cref="MaxJsonBytes"/>, else with the value and key cut and
    /// <c>truncated</c> giving their full lengths in characters. The record itself stays in its topic, at its
    /// coordinates, for as long as the topic keeps it.
    /// </summary>
    internal string ToJsonText()
    {
        var whole = ToJson().ToJsonString();
        if (Encoding.UTF8.GetByteCount(whole) <= MaxJsonBytes) return whole;
        // A character escapes to at most six bytes (a surrogate pair to twelve for two): value and key get half the
        // budget each, less room for the other fields.
        var chars = (MaxJsonBytes / 2 - 4096) / 6;
        var json = ToJson(Cut(Value, chars), Key is null ? null : Cut(Key, chars));
        json["reason"] = Cut(Reason, MaxReasonChars);
        json["truncated"] = new JsonObject { ["valueChars"] = Value.Length, ["keyChars"] = Key?.Length };
        return json.ToJsonString();
    }

    /// <summary>The Kafka key of the dead letter's record: the record's key, unless it is longer than <see cref="MaxKafkaKeyBytes"/>.</summary>
    internal string? KafkaKey => Key is not null && Encoding.UTF8.GetByteCount(Key) <= MaxKafkaKeyBytes ? Key : null;

    private JsonObject ToJson(string value, string? key) => new()
    {
        ["reason"] = Reason,
        ["task"] = Task,
        ["topic"] = Source.Topic,
        ["partition"] = Source.Partition,
        ["offset"] = Source.Offset,
        ["key"] = key,
        ["segmentId"] = SegmentId?.Value,
        ["value"] = value,
    };

    private static string Cut(string text, int chars)
    {
        if (text.Length <= chars) return text;
        // A surrogate pair is not split.
        if (char.IsHighSurrogate(text[chars - 1])) chars--;
        return text[..chars];
    }
}
