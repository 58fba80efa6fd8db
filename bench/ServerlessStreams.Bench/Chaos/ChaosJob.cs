using ServerlessStreams.Registry;
using ServerlessStreams.Spec;
using ServerlessStreams.Testing;

namespace ServerlessStreams.Bench.Chaos;

/// <summary>
/// The job the chaos run drives: the hostile-records job's shape (events of <c>user</c>, <c>time</c>, <c>n</c> and
/// <c>id</c>) with every window type. <c>tally</c> groups by user (not the Kafka key, so through an internal topic) with a
/// uniqueness key: fixed, sliding and session windows. <c>everything</c> has no group key and no uniqueness key: one hot
/// key whose counts rest on the per-origin high-water marks alone, pre-aggregated before its hop, in a global window.
/// Every window syncs a Table view on a timer, so after the last sweep each view holds its extents' final state. A timer
/// fires every live extent of a key each period, so the windows are wide (five minutes) and the users few: the views'
/// writes stay within what one Azurite serves.
/// De-duplication rows are kept two minutes (the sweeper prunes older ones), which covers a copy sent right after its
/// original and keeps Azurite's tables small over a long run.
/// </summary>
internal static class ChaosJob
{
    public const string Input = "chaos-events";
    public const string DeadLetters = "chaos-dead-letters";
    public const string Late = "chaos-late";
    public const string Tally = "tally";
    public const string Everything = "everything";
    public static readonly TimeSpan SessionGap = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan FixedRange = TimeSpan.FromMinutes(5);

    /// <summary>The sliding window's slide; its range is two slides.</summary>
    public static readonly TimeSpan Slide = TimeSpan.FromMinutes(5);

    /// <summary>Each window with the Table view its timer trigger writes.</summary>
    public static readonly IReadOnlyList<(string Window, string View)> Views =
    [
        ("count-fixed", "ChaosCountFixed"),
        ("sum-fixed", "ChaosSumFixed"),
        ("count-sliding", "ChaosCountSliding"),
        ("sessions", "ChaosSessions"),
        ("total", "ChaosTotal"),
    ];

    public static string Json() => $$"""
        {
          "name": "chaos",
          "workflow": [["events", "{{Tally}}"], ["events", "{{Everything}}"]],
          "catalog": [
            {"name": "events", "type": "input", "medium": "kafka", "topic": "{{Input}}", "batchSize": 200},
            {"name": "{{Tally}}", "type": "function", "fn": "identity", "groupByKey": "user", "uniquenessKey": "id"},
            {"name": "{{Everything}}", "type": "function", "fn": "identity"}
          ],
          "windows": [
            {"id": "count-fixed", "task": "{{Tally}}", "type": "fixed", "aggregation": "count", "windowKey": "time", "range": "5m"},
            {"id": "sum-fixed", "task": "{{Tally}}", "type": "fixed", "aggregation": ["sum", "n"], "windowKey": "time", "range": "5m"},
            {"id": "count-sliding", "task": "{{Tally}}", "type": "sliding", "aggregation": "count", "windowKey": "time", "range": "10m", "slide": "5m"},
            {"id": "sessions", "task": "{{Tally}}", "type": "session", "aggregation": "count", "windowKey": "time", "timeoutGap": "5s"},
            {"id": "total", "task": "{{Everything}}", "type": "global", "aggregation": "count", "windowKey": "time"}
          ],
          "triggers": [
            {{Triggers()}}
          ],
          "time": {"maxOutOfOrderness": "1h", "allowedLateness": "10m", "idleTimeout": "2d"},
          "deadLetter": {"topic": "{{DeadLetters}}"},
          "lateData": {"topic": "{{Late}}"},
          "dedupeRetention": "2m"
        }
        """;

    private static string Triggers() => string.Join(",\n    ", Views.Select(v =>
        "{\"id\": \"" + v.Window + "-view\", \"windowId\": \"" + v.Window + "\", \"on\": \"timer\", \"period\": \"5s\", \"sync\": {\"table\": \"" + v.View + "\"}}"));

    public static JobSpec Load() => JobSpecLoader.Load(Json(), new JobRegistry()).GetJobOrThrow();

    /// <summary>
    /// Whether <c>everything</c> counts a record: it reads no group key, no uniqueness key and no <c>n</c>, and its
    /// global window never closes, so it counts what <c>tally</c> counts, its late records, and the records tally
    /// dead-letters only for those fields.
    /// </summary>
    public static bool EverythingCounts(HostileRecord record) => record.Expect switch
    {
        HostileExpectation.Processed or HostileExpectation.Late => true,
        _ => record.Reason is "cannot be stored" or "'n'" or "uniqueness key 'id'",
    };
}
