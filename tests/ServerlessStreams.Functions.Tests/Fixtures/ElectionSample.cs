using ServerlessStreams.App;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Fixtures;

/// <summary>The election sample's job spec, loaded from the file the app ships.</summary>
internal static class ElectionSample
{
    public static string JobPath { get; } =
        Path.Combine(FixtureFiles.RepositoryRoot, "functions", "ServerlessStreams.App", "samples", "election", "job.json");

    public static JobSpec Load() => JobSpecLoader.Load(File.ReadAllText(JobPath), ServerlessStreams.App.Samples.ElectionSample.Registry()).GetJobOrThrow();
}
