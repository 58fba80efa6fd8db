using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.App.Commands;

/// <summary>Loads a job spec file for a command, printing every problem when it is invalid.</summary>
internal static class JobFiles
{
    public const int InvalidExitCode = 2;

    public static JobSpec? Load(FileInfo file, JobRegistry registry, TextWriter errors)
    {
        if (!file.Exists)
        {
            errors.WriteLine($"{file.FullName}: no such job spec file");
            return null;
        }
        var result = JobSpecLoader.Load(File.ReadAllText(file.FullName), registry);
        if (result.IsValid) return result.Job;
        errors.WriteLine($"{file.Name}: {result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")}");
        foreach (var error in result.Errors) errors.WriteLine($"{error.Path}: {error.Message}");
        return null;
    }
}
