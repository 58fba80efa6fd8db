using System.Runtime.InteropServices;

namespace ServerlessStreams.Local.Kafka;

/// <summary>
/// Finds the librdkafka that Confluent.Kafka loaded into this process. Loading it again by name
/// (<c>DllImport("librdkafka")</c>) would pick a different file or fail on its optional SASL
/// dependency, so the exact path is read from the process's memory map instead.
/// </summary>
internal static class LibrdkafkaLocator
{
    private const string MapsFile = "/proc/self/maps";

    private static readonly Lazy<IntPtr> Handle = new(LoadLoadedLibrary, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A handle to the librdkafka Confluent.Kafka uses; the same library, so its state is shared.</summary>
    public static IntPtr Library => Handle.Value;

    public static IntPtr Export(string name) =>
        NativeLibrary.TryGetExport(Library, name, out var address)
            ? address
            : throw new EntryPointNotFoundException(
                $"The loaded librdkafka has no export '{name}'; the embedded Kafka needs librdkafka 2.x with the mock cluster.");

    private static IntPtr LoadLoadedLibrary()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "The embedded Kafka runs on Linux only (it locates librdkafka through /proc/self/maps); " +
                "on other systems point KafkaBrokerList at a real broker.");
        }

        // Touching the version makes Confluent.Kafka load its native library if it has not yet.
        _ = Confluent.Kafka.Library.Version;

        var path = FindInMaps(File.ReadLines(MapsFile))
            ?? throw new DllNotFoundException(
                $"Confluent.Kafka reported librdkafka {Confluent.Kafka.Library.VersionString} as loaded, " +
                $"but no librdkafka shared object appears in {MapsFile}.");
        return NativeLibrary.Load(path);
    }

    /// <summary>The path of the first mapped file whose name is a librdkafka shared object.</summary>
    internal static string? FindInMaps(IEnumerable<string> mapsLines)
    {
        foreach (var line in mapsLines)
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..].TrimEnd();
            var fileName = Path.GetFileName(path);
            if (fileName.Contains("librdkafka", StringComparison.Ordinal) &&
                fileName.Contains(".so", StringComparison.Ordinal) &&
                !fileName.Contains("librdkafka++", StringComparison.Ordinal))
            {
                return path;
            }
        }

        return null;
    }
}
