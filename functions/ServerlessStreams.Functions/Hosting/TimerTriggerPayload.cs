using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// The timerTrigger payload as the host sends it: <c>Data.&lt;name&gt;</c> is the extension's <c>TimerInfo</c>
/// serialised by Json.NET — <c>{"Schedule": {"AdjustForDST": true}, "ScheduleStatus": {"Last", "Next",
/// "LastUpdated"} | null, "IsPastDue": false}</c>.
/// </summary>
public static class TimerTriggerPayload
{
    public static InvocationPayload Encode(
        string bindingName,
        string functionName,
        DateTimeOffset scheduled,
        DateTimeOffset? last,
        DateTimeOffset next,
        bool isPastDue = false,
        Guid? randGuid = null)
    {
        var timer = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = new JsonObject
            {
                ["Last"] = Format(last ?? DateTimeOffset.MinValue),
                ["Next"] = Format(next),
                ["LastUpdated"] = Format(scheduled),
            },
            ["IsPastDue"] = isPastDue,
        };
        var metadata = new JsonObject
        {
            ["sys"] = new JsonObject
            {
                ["MethodName"] = functionName,
                ["UtcNow"] = Format(scheduled),
                ["RandGuid"] = (randGuid ?? Guid.NewGuid()).ToString(),
            },
        };
        var body = new JsonObject
        {
            ["Data"] = new JsonObject { [bindingName] = timer },
            ["Metadata"] = metadata,
        };
        return InvocationPayload.FromUtf8(JsonSerializer.SerializeToUtf8Bytes(body));
    }

    /// <summary>Whether the host reports this run as late (a missed occurrence); false when it does not say.</summary>
    public static bool IsPastDue(JsonElement timer) =>
        timer.ValueKind == JsonValueKind.Object &&
        JsonLookup.TryGet(timer, "IsPastDue", out var value) && value.ValueKind == JsonValueKind.True;

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
