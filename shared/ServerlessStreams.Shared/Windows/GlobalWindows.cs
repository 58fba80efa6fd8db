namespace ServerlessStreams.Windows;

/// <summary>One extent, id 0, with open bounds: every value belongs to it.</summary>
public sealed record GlobalWindows : IWindowAssigner
{
    public const long ExtentId = 0;

    public static readonly GlobalWindows Instance = new();

    private GlobalWindows() { }

    public void Assign(double value, List<long> extentIds) => extentIds.Add(ExtentId);

    public (double? Lower, double? Upper) Bounds(long extentId) => (null, null);
}
