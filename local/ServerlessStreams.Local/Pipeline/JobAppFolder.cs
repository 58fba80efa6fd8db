using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Local;

/// <summary>
/// The app a job is deployed as: the built worker with the host.json generated for that job (as <c>generate</c>
/// writes it for a deployment), so the local host batches as the job declares. The worker's files are linked, not copied.
/// </summary>
internal static class JobAppFolder
{
    public static string Prepare(string builtApp, JobSpec job, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var entry in new DirectoryInfo(builtApp).EnumerateFileSystemInfos())
        {
            if (entry.Name == "host.json") continue;
            var link = Path.Combine(directory, entry.Name);
            if (entry is DirectoryInfo) Directory.CreateSymbolicLink(link, entry.FullName);
            else File.CreateSymbolicLink(link, entry.FullName);
        }
        JsonFiles.Write(Path.Combine(directory, "host.json"), HostJsonGenerator.Generate(job));
        return directory;
    }
}
