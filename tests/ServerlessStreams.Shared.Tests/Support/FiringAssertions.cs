using ServerlessStreams.Engine;

namespace ServerlessStreams.Shared.Tests.Support;

internal static class FiringAssertions
{
    /// <summary>Firings as short comparable lines: <c>trigger event [lower,upper] state</c>.</summary>
    public static string[] Lines(IEnumerable<Firing> firings) =>
        firings.Select(Line).ToArray();

    public static string Line(Firing f) =>
        $"{f.TriggerId} {f.Event.Name} [{Bound(f.LowerBound)},{Bound(f.UpperBound)}] {f.State?.ToJsonString() ?? "null"}";

    private static string Bound(double? bound) => bound?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
