namespace ServerlessStreams.Local.Azurite;

/// <summary>Finds <c>node_modules/.bin/azurite</c> by walking up from the given directories to the file system root.</summary>
internal static class AzuriteExecutable
{
    public static string RelativePath => Path.Combine("node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");

    /// <summary>Searches upwards from the current directory and from the application's base directory.</summary>
    public static string Find() => Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    public static string Find(params string[] startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, RelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new AzuriteUnavailableException($"no {RelativePath} in {string.Join(" or ", startDirectories)} or any directory above");
    }
}
