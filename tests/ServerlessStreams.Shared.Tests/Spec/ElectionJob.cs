using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>The design's example job (Fixtures/election.json) written with the builder.</summary>
internal static class ElectionJob
{
    public static JobBuilder Builder() =>
        JobBuilder.Create("election")
            .Flow("votes", "process-vote", "results")
            .KafkaInput("votes", topic: "votes", batchSize: 500)
            .Function("process-vote", fn: "identity", groupByKey: ["candidate"], uniquenessKey: "voterId")
            .KafkaOutput("results", topic: "vote-results")
            .FixedWindow("votes-per-hour", "process-vote", AggregationSpec.Count, windowKey: "eventTime", range: TimeSpan.FromHours(1))
            .SlidingWindow("age-sum", "process-vote", AggregationSpec.Sum("age"), windowKey: "eventTime",
                range: TimeSpan.FromMinutes(5), slide: TimeSpan.FromMinutes(1))
            .SessionWindow("sessions", "process-vote", AggregationSpec.Collect, windowKey: "eventTime", timeoutGap: TimeSpan.FromMinutes(5))
            .SegmentTrigger("every-10", "votes-per-hour", threshold: 10, fireAllExtents: true, sync: SyncSpec.ToTable("VotesPerHour"))
            .TimerTrigger("tick", "votes-per-hour", period: TimeSpan.FromSeconds(5), sync: SyncSpec.ToTopic("tallies"))
            .PunctuationTrigger("done", "sessions", PredicateSpec.FieldEqualsValue("type", "logout"))
            .WatermarkTrigger("wm", "age-sum", refinement: Refinement.Discarding)
            .PercentileWatermarkTrigger("p95", "age-sum", percentage: 0.95)
            .FlowCondition("process-vote", ["results"], PredicateSpec.FieldEqualsValue("valid", true))
            .Time(maxOutOfOrderness: TimeSpan.FromSeconds(30), allowedLateness: TimeSpan.FromHours(1), idleTimeout: TimeSpan.FromMinutes(1))
            .DeadLetter(Destination.ToTopic("election-dead-letters"))
            .LateData(Destination.ToTopic("election-late"))
            .DedupeRetention(TimeSpan.FromDays(7));
}
