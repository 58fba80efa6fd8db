using System.Globalization;
using System.Text;

namespace ServerlessStreams.Testing;

/// <summary>What the pipeline must do with a generated record.</summary>
internal enum HostileExpectation
{
    Processed,
    DeadLetter,
    Late,
}

/// <summary>
/// One generated record, as a producer writes it to the input topic: value bytes, Kafka key, headers. Valid ones carry
/// the fields the oracle counts (<see cref="User"/>, <see cref="Time"/>, <see cref="N"/>); a dead letter's reason must
/// contain <see cref="Reason"/> (ignoring case).
/// </summary>
internal sealed record HostileRecord(
    string Kind,
    byte[] Value,
    string? Key,
    IReadOnlyList<KeyValuePair<string, byte[]>> Headers,
    HostileExpectation Expect,
    string? Reason = null,
    string? User = null,
    long Time = 0,
    long N = 0)
{
    public override string ToString() =>
        $"{Kind} ({Expect}{(Reason is null ? "" : ", reason ~ " + Reason)}, {Value.Length} bytes, key {Key?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"} chars)";
}

/// <summary>The limits a generated mix respects: the stage's record limit, and what the broker takes (key and value).</summary>
internal sealed record HostileLimits(int MaxRecordBytes = 256 * 1024, int MaxMessageBytes = 8 * 1024 * 1024)
{
    /// <summary>What Event Hubs' Kafka endpoint and librdkafka's producer (message.max.bytes) take per record by default.</summary>
    public const int KafkaMessageBytes = 1_000_000;
}

/// <summary>
/// A seeded generator of bad records for the hostile-records job (<see cref="JobJson"/>): input <c>events</c> grouped
/// by <c>user</c>, uniqueness key <c>id</c>, a count and a sum of <c>n</c> per minute of <c>time</c>. The mix
/// interleaves valid records with records that are not JSON, not UTF-8, nested too deep, too large (and exactly at the
/// limit), with a window key of the wrong type or out of range, NaN and Infinity as literals and as numbers out of
/// range, empty and huge keys, group and uniqueness keys with every character Azure Tables forbids in a key, headers
/// that are not UTF-8, and late records. The same seed gives the same records.
/// </summary>
internal static class HostileRecords
{
    /// <summary>2026-11-03T08:00:00Z: the anchor's time; valid records lie in the half hour after it.</summary>
    public const long BaseTime = 1_793_692_800_000;

    public const long Minute = 60_000;

    /// <summary>Every character Azure Tables forbids in PartitionKey and RowKey: / \ # ?, U+0000–U+001F, U+007F–U+009F.</summary>
    public static readonly string ForbiddenKeyCharacters = "/\\#?"
        + new string(Enumerable.Range(0, 0x20).Select(c => (char)c).ToArray())
        + new string(Enumerable.Range(0x7F, 0x21).Select(c => (char)c).ToArray());

    /// <summary>
    /// The job the records are made for. Lateness: a watermark an hour behind the largest time, 10 minutes allowed, no
    /// idle partition: valid records (the anchor's half hour) are never late, records a day earlier always are once
    /// the anchor has been processed.
    /// </summary>
    public static string JobJson(bool keyedByUser) => $$"""
        {
          "name": "hostile",
          "workflow": [["events", "tally"]],
          "catalog": [
            {"name": "events", "type": "input", "medium": "kafka", "topic": "hostile-events", "batchSize": 50{{(keyedByUser ? ", \"keyedBy\": \"user\"" : "")}}},
            {"name": "tally", "type": "function", "fn": "identity", "groupByKey": "user", "uniquenessKey": "id"}
          ],
          "windows": [
            {"id": "count-per-minute", "task": "tally", "type": "fixed", "aggregation": "count", "windowKey": "time", "range": "1m"},
            {"id": "sum-per-minute", "task": "tally", "type": "fixed", "aggregation": ["sum", "n"], "windowKey": "time", "range": "1m"}
          ],
          "time": {"maxOutOfOrderness": "1h", "allowedLateness": "10m", "idleTimeout": "2d"},
          "deadLetter": {"topic": "hostile-dead-letters"},
          "lateData": {"topic": "hostile-late"}
        }
        """;

    /// <summary>The first record, processed alone before the mix: it sets the watermark that makes late records late.</summary>
    public static HostileRecord Anchor() => Valid("anchor", "anchor", "ann", BaseTime + 30 * Minute, 1);

    /// <summary><paramref name="count"/> records: every hostile kind at least once (those the limits allow), the rest valid, shuffled.</summary>
    public static List<HostileRecord> Generate(int seed, int count, HostileLimits limits)
    {
        var random = new Random(seed);
        var records = Hostile(random, limits);
        var next = 0;
        while (records.Count < count) records.Add(RandomValid(random, $"v{next++}"));
        // Shuffled, but hostile records keep some valid records after them in every run: the last ten are valid.
        var tail = Enumerable.Range(0, 10).Select(i => RandomValid(random, $"tail{i}")).ToList();
        for (var i = records.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (records[i], records[j]) = (records[j], records[i]);
        }
        records.AddRange(tail);
        return records;
    }

    /// <summary>Every hostile kind the limits allow, once each, in a fixed order.</summary>
    public static List<HostileRecord> Hostile(Random random, HostileLimits limits)
    {
        var records = new List<HostileRecord>();
        var i = 0;
        string Id() => $"h{i++}";
        long Time() => BaseTime + random.NextInt64(30 * Minute);

        // Valid, at the edges.
        records.Add(Valid("group key with every character Tables forbid", Id(), ForbiddenKeyCharacters, Time(), 3));
        records.Add(Valid("uniqueness key with every character Tables forbid", "u" + ForbiddenKeyCharacters + i++, "bob", Time(), 4));
        records.Add(Valid("empty group key", Id(), "", Time(), 5));
        records.Add(Valid("group key longer than a Table key", Id(), new string('k', 3000), Time(), 6));
        // Larger than a Table string property (64 KiB of UTF-16), where the store keeps a hashed key's original.
        records.Add(Valid("group key larger than a Table property", Id(), new string('g', 40_000), Time(), 13) with
        {
            Expect = HostileExpectation.DeadLetter, Reason = "cannot be stored", User = null,
        });
        records.Add(Valid("group key of non-ASCII text", Id(), "Zoë-東京-🙂", Time(), 7));
        records.Add(Valid("empty Kafka key", Id(), "cy", Time(), 8) with { Key = "" });
        records.Add(Valid("huge Kafka key", Id(), "cy", Time(), 9) with { Key = new string('K', Math.Min(1024 * 1024, limits.MaxMessageBytes / 4)) });
        records.Add(Valid("header that is not UTF-8", Id(), "ann", Time(), 10) with { Headers = [new("trace", [0xFF, 0xFE, 0xC0, 0x80])] });
        records.Add(AtSizeLimit(Id(), Time(), limits.MaxRecordBytes));
        records.Add(NestedAt(Id(), Time(), depth: 64));

        // Not JSON objects.
        records.Add(Bad("not JSON", "{\"user\":\"ann\",", "not JSON"));
        records.Add(Bad("empty value", [], "not JSON"));
        records.Add(Bad("JSON array", "[1,2,3]", "not an object"));
        records.Add(Bad("JSON null", "null", "not an object"));
        records.Add(Bad("NaN literal", Fields("ann", Time(), "NaN", Id()), "not JSON"));
        records.Add(Bad("Infinity literal", Fields("ann", Time(), "Infinity", Id()), "not JSON"));
        records.Add(Bad("-Infinity literal", Fields("ann", Time(), "-Infinity", Id()), "not JSON"));
        // A byte that is never UTF-8 inside the id's string: valid JSON otherwise.
        var text = Fields("ann", Time(), "1", Id() + "!");
        records.Add(Bad("invalid UTF-8", [.. Encoding.UTF8.GetBytes(text[..text.LastIndexOf('!')]), 0xFF, .. Encoding.UTF8.GetBytes(text[(text.LastIndexOf('!') + 1)..])], "UTF-8"));
        records.Add(Bad("nested 10,000 deep", "{\"user\":\"ann\",\"deep\":" + new string('[', 10_000) + new string(']', 10_000) + "}", "nested deeper than"));

        // Within the limit, but six times as long once escaped in a dead letter's JSON.
        records.Add(Bad("control characters, not JSON", new string('\u0001', limits.MaxRecordBytes - 16), "not JSON"));
        records.Add(Bad("control characters in a huge Kafka key", "{not JSON") with { Key = new string('\u0002', Math.Min(limits.MaxRecordBytes, limits.MaxMessageBytes / 4)) });

        // Too large.
        records.Add(Bad("just above the record limit", Padded(Id(), Time(), limits.MaxRecordBytes + 1), "too large"));
        var several = Math.Min(3 * 1024 * 1024, limits.MaxMessageBytes - 64 * 1024);
        if (several > limits.MaxRecordBytes + 1) records.Add(Bad("several MB", Padded(Id(), Time(), several), "too large"));

        // Window key and aggregation field.
        records.Add(Bad("window key true", Fields("ann", "true", "1", Id()), "'time'"));
        records.Add(Bad("window key object", Fields("ann", "{\"at\":1}", "1", Id()), "'time'"));
        records.Add(Bad("window key array", Fields("ann", "[1]", "1", Id()), "'time'"));
        records.Add(Bad("window key text", Fields("ann", "\"yesterday\"", "1", Id()), "'time'"));
        records.Add(Bad("window key 1e999", Fields("ann", "1e999", "1", Id()), "'time'"));
        records.Add(Bad("window key -1e999", Fields("ann", "-1e999", "1", Id()), "'time'"));
        records.Add(Bad("window key beyond year 9999", Fields("ann", "1e300", "1", Id()), "'time'"));
        records.Add(Bad("sum field 1e999", Fields("ann", Time().ToString(CultureInfo.InvariantCulture), "1e999", Id()), "'n'"));
        records.Add(Bad("sum field -1e999", Fields("ann", Time().ToString(CultureInfo.InvariantCulture), "-1e999", Id()), "'n'"));
        records.Add(Bad("sum field \"NaN\"", Fields("ann", Time().ToString(CultureInfo.InvariantCulture), "\"NaN\"", Id()), "'n'"));
        records.Add(Bad("uniqueness key missing", $$"""{"user":"ann","time":{{Time()}},"n":1}""", "uniqueness key 'id'"));

        // Segment ids that are not text.
        records.Add(Valid("ss-id not UTF-8", Id(), "ann", Time(), 1) with
        {
            Expect = HostileExpectation.DeadLetter, Reason = "ss-id", User = null, Headers = [new("ss-id", [0x69, 0x64, 0xFF])],
        });
        records.Add(Valid("ss-id not UTF-8, other bytes", Id(), "ann", Time(), 1) with
        {
            Expect = HostileExpectation.DeadLetter, Reason = "ss-id", User = null, Headers = [new("ss-id", [0x69, 0x64, 0xFE])],
        });
        records.Add(Valid("ss-id empty", Id(), "ann", Time(), 1) with
        {
            Expect = HostileExpectation.DeadLetter, Reason = "ss-id", User = null, Headers = [new("ss-id", [])],
        });

        // Late: a day before the anchor.
        records.Add(Valid("late", Id(), "bob", BaseTime - 24 * 60 * Minute, 2) with { Expect = HostileExpectation.Late });
        records.Add(Valid("late with a forbidden group key", Id(), ForbiddenKeyCharacters, BaseTime - 24 * 60 * Minute, 2) with
        {
            Expect = HostileExpectation.Late,
        });
        return records;
    }

    private static readonly string[] Users = ["ann", "bob", "cy", "dee"];

    private static HostileRecord RandomValid(Random random, string id) =>
        Valid("valid", id, Users[random.Next(Users.Length)], BaseTime + random.NextInt64(30 * Minute), random.Next(100));

    public static HostileRecord Valid(string kind, string id, string user, long time, long n) =>
        new(kind, Encoding.UTF8.GetBytes(Fields(Json(user), time.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture), id, quoteUser: false)),
            Key: null, Headers: [], HostileExpectation.Processed, User: user, Time: time, N: n);

    private static HostileRecord Bad(string kind, string value, string reason = "not JSON") => Bad(kind, Encoding.UTF8.GetBytes(value), reason);

    private static HostileRecord Bad(string kind, byte[] value, string reason) =>
        new(kind, value, Key: null, Headers: [], HostileExpectation.DeadLetter, reason);

    private static string Fields(string user, long time, string n, string id) => Fields(user, time.ToString(CultureInfo.InvariantCulture), n, id);

    private static string Fields(string user, string time, string n, string id, bool quoteUser = true) =>
        $$"""{"user":{{(quoteUser ? Json(user) : user)}},"time":{{time}},"n":{{n}},"id":{{Json(id)}}}""";

    /// <summary>A valid record of exactly <paramref name="bytes"/> bytes (a pad field fills it).</summary>
    private static HostileRecord AtSizeLimit(string id, long time, int bytes) =>
        new("valid at the record limit", Padded(id, time, bytes), null, [], HostileExpectation.Processed, User: "dee", Time: time, N: 11);

    private static byte[] Padded(string id, long time, int bytes)
    {
        var head = $$"""{"user":"dee","time":{{time}},"n":11,"id":{{Json(id)}},"pad":""" + "\"";
        var pad = bytes - Encoding.UTF8.GetByteCount(head) - 2;
        return Encoding.UTF8.GetBytes(head + new string('p', pad) + "\"}");
    }

    /// <summary>A valid record whose deepest value is <paramref name="depth"/> levels down (the record's object is level 1).</summary>
    private static HostileRecord NestedAt(string id, long time, int depth)
    {
        var inner = depth - 1;
        var value = $$"""{"user":"cy","time":{{time}},"n":12,"id":{{Json(id)}},"deep":{{new string('[', inner)}}{{new string(']', inner)}}}""";
        return new($"valid nested {depth} deep", Encoding.UTF8.GetBytes(value), null, [], HostileExpectation.Processed, User: "cy", Time: time, N: 12);
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>
    /// The oracle: per (user, minute) the count and the sum of n of the processed records, anchor included when
    /// <paramref name="records"/> holds it.
    /// </summary>
    public static Dictionary<(string User, long Minute), (long Count, long Sum)> Expected(IEnumerable<HostileRecord> records)
    {
        var expected = new Dictionary<(string, long), (long, long)>();
        foreach (var record in records.Where(r => r.Expect == HostileExpectation.Processed))
        {
            var extent = (record.User!, record.Time / Minute);
            var (count, sum) = expected.GetValueOrDefault(extent);
            expected[extent] = (count + 1, sum + record.N);
        }
        return expected;
    }
}
