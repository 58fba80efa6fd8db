using System.Text.Json.Nodes;
using ServerlessStreams.Registry;

namespace MyJob;

/// <summary>The C# pieces job.json names: functions, key functions, predicates, aggregations and callbacks.</summary>
public static class Registrations
{
    public const string NormalizePage = "pages/normalize";

    /// <summary>
    /// Every name job.json uses. Add predicates (flow conditions, punctuation triggers) with AddPredicate, key functions
    /// with AddKeyFunction, aggregations with AddAggregation and firing callbacks with AddCallback.
    /// </summary>
    public static JobRegistry Create() => JobRegistry.Default
        .AddFunction(NormalizePage, NormalizePageFunction);

    /// <summary>One page view in, the same view with its page path lower-cased and without a query string out.</summary>
    private static IEnumerable<JsonObject> NormalizePageFunction(JsonObject view)
    {
        var page = view["page"]?.GetValue<string>() ?? "/";
        var normalized = view.DeepClone().AsObject();
        normalized["page"] = page.Split('?', 2)[0].ToLowerInvariant();
        yield return normalized;
    }
}
