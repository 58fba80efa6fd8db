using System.CommandLine;

namespace Election;

/// <summary><c>sample-votes --count N --seed S</c>: writes the election sample's vote stream to stdout.</summary>
internal static class SampleVotesCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "How many lines.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same stream.", DefaultValueFactory = _ => 1 };
        var command = new Command("sample-votes", "Write a vote stream for the election sample (JSON lines on stdout).") { count, seed };
        command.SetAction(parse =>
        {
            var output = Console.Out;
            foreach (var line in VoteGenerator.Generate(parse.GetValue(count), parse.GetValue(seed)))
            {
                output.Write(line);
                output.Write('\n');
            }
            output.Flush();
            return 0;
        });
        return command;
    }
}
