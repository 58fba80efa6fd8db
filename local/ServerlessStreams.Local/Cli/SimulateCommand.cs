using System.CommandLine;
using ServerlessStreams.Functions;
using System.Text;
using ServerlessStreams.Simulation;

namespace ServerlessStreams.Local.Cli;

/// <summary><c>simulate</c>: runs a job over a JSON-lines file with no Kafka and no storage.</summary>
internal static class SimulateCommand
{
    public static Command Create(ServerlessStreamsApp app)
    {
        var job = JobOption.Create();
        var input = new Option<FileInfo>("--input") { Description = "Segments for the input task, one JSON object a line.", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "Where firings go, one JSON line each.", Required = true };
        var deadLetters = new Option<FileInfo?>("--dead-letters") { Description = "Where unprocessable and late segments go (default: stderr)." };
        var command = new Command("simulate", "Run a job deterministically over a file of segments and write its firings.")
        {
            job, input, output, deadLetters,
        };
        command.SetAction(parse =>
        {
            var registry = app.Registry;
            var spec = app.LoadJob(JobOption.File(parse, job, app), Console.Error);
            if (spec is null) return ServerlessStreamsApp.InvalidJobExitCode;
            var inputFile = parse.GetValue(input)!;
            if (!inputFile.Exists)
            {
                Console.Error.WriteLine($"{inputFile.FullName}: no such input file");
                return ServerlessStreamsApp.InvalidJobExitCode;
            }

            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            using var firings = new StreamWriter(parse.GetValue(output)!.FullName, append: false, utf8);
            var deadLetterFile = parse.GetValue(deadLetters);
            using var deadLetterWriter = deadLetterFile is null
                ? null
                : new StreamWriter(deadLetterFile.FullName, append: false, utf8);
            var summary = new JobSimulator(spec, registry).Run(File.ReadLines(inputFile.FullName), firings, deadLetterWriter ?? Console.Error);
            Console.WriteLine($"{summary.Segments} segments, {summary.Firings} firings, {summary.DeadLetters} dead letters ({summary.Late} late)");
            return 0;
        });
        return command;
    }
}
