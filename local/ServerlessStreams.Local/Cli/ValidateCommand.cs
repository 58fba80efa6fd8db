using System.CommandLine;
using ServerlessStreams.Functions;

namespace ServerlessStreams.Local.Cli;

/// <summary><c>validate --job FILE</c>: prints every problem of a job spec; exit code 2 when it has any.</summary>
internal static class ValidateCommand
{
    public static Command Create(ServerlessStreamsApp app)
    {
        var job = JobOption.Create();
        var command = new Command("validate", "Check a job spec and print every problem with its JSON path.") { job };
        command.SetAction(parse =>
        {
            var spec = app.LoadJob(JobOption.File(parse, job, app), Console.Error);
            if (spec is null) return ServerlessStreamsApp.InvalidJobExitCode;
            Console.WriteLine($"{spec.Name}: valid ({spec.Catalog.Count} tasks, {spec.Windows.Count} windows, {spec.Triggers.Count} triggers)");
            return 0;
        });
        return command;
    }
}
