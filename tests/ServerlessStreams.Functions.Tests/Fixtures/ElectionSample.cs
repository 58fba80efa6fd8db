using Election;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Fixtures;

/// <summary>The election sample's app folder, and its job spec loaded from the file the app ships.</summary>
internal static class ElectionSample
{
    public static string AppFolder { get; } = Path.Combine(FixtureFiles.RepositoryRoot, "samples", "election", "Election");

    public static string JobPath { get; } = Path.Combine(AppFolder, "job.json");

    public static JobSpec Load() => JobSpecLoader.Load(File.ReadAllText(JobPath), Registrations.Create()).GetJobOrThrow();
}
