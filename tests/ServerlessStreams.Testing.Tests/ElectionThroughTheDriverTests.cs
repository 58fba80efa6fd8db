using Election;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Testing.Tests;

/// <summary>The election sample through the driver gives what the end-to-end tests' oracle says, as on Kafka and Azure.</summary>
public sealed class ElectionThroughTheDriverTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Results_equal_the_oracle(int partitions)
    {
        var votes = VoteGenerator.Generate(1500, seed: 11).ToList();
        await using var driver = JobTestDriver.Create(Election.Job(), Election.Registry, new JobTestDriverOptions { Partitions = partitions });

        // Spread over the partitions by position; each batch holds 500 records as the input's batchSize says.
        var records = votes.Select((v, i) => new TestRecord(v) { Partition = i % partitions }).ToList();
        await driver.PipeAsync("votes", records, batchSize: 500);
        // The views are written by the timer triggers: one sweeper period of processing time.
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(5));

        var expected = ElectionOracle.Standings(votes);
        var view = (await driver.ViewAsync("Standings")).ToDictionary(r => r.GroupKey.Trim('"'), r => long.Parse(r.State, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, view);
        foreach (var (candidate, count) in expected)
        {
            var state = await driver.WindowStateAsync("standings", candidate);
            Assert.Equal(count, Assert.Single(state["extents"]!.AsArray())!["state"]!.GetValue<long>());
        }
        var total = await driver.WindowStateAsync("total-votes");
        Assert.Equal(ElectionOracle.Total(votes), Assert.Single(total["extents"]!.AsArray())!["state"]!.GetValue<long>());

        // Every dead letter is a malformed line, with its coordinates (offsets count per partition from 0), and every
        // malformed line is a dead letter — once: a line sent again whose voter was dead-lettered already is a duplicate
        // by the uniqueness key.
        var malformed = votes
            .Select((line, i) => (Line: line, Source: new SourceCoordinates("votes", i % partitions, i / partitions)))
            .Where(v => ElectionOracle.Malformed([v.Line]) == 1)
            .ToList();
        Assert.NotEmpty(malformed);
        var lettered = driver.DeadLetters.Select(d => d.Source).ToHashSet();
        Assert.Empty(lettered.Except(malformed.Select(m => m.Source)));
        Assert.All(malformed.GroupBy(m => m.Line), line => Assert.Contains(line, m => lettered.Contains(m.Source)));
        Assert.Empty(driver.Late);
    }
}
