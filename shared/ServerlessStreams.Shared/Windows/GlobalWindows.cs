namespace ServerlessStreams.Windows;

/// <summary>One extent, id 0, with open bounds: every value belongs to it.</summary>
internal sealed record GlobalWindows : INumberedWindowAssigner
{
    public const long ExtentId = 0;

    public static readonly GlobalWindows Instance = new();

    private GlobalWindows() { }

    public void Assign(double value, List<long> extentIds) => extentIds.Add(ExtentId);

    public (double? Lower, double? Upper) Bounds(long extentId) => (null, null);

    /// <summary>A global window never ends, so nothing is ever late for it.</summary>
    public double? End(double upper) => null;
}
