using System.Globalization;
using System.Text.Json.Nodes;
using ServerlessStreams.Local.Cli;

namespace MyJob;

/// <summary>What <c>dotnet run -- run</c> feeds the job: page views over a few minutes, keyed by user.</summary>
internal static class SampleRun
{
    private static readonly string[] Pages = ["/", "/Pricing", "/docs?from=home", "/blog", "/DOCS"];

    public static readonly LocalRun Definition = new()
    {
        InputTask = "views",
        Records = Generate,
        KeyField = "user",
        DefaultCount = 2000,
    };

    private static IEnumerable<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            yield return new JsonObject
            {
                ["viewId"] = $"view-{i}",
                ["user"] = $"user-{random.Next(100)}",
                ["page"] = Pages[random.Next(Pages.Length)],
                ["eventTime"] = start.AddMilliseconds(i * 100 + random.Next(-2000, 2000)).ToString("O", CultureInfo.InvariantCulture),
            }.ToJsonString();
        }
    }
}
