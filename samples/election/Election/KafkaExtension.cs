// The Functions host runs kafkaTrigger bindings with its Kafka extension, which a .NET isolated app carries in
// .azurefunctions/: the worker SDK restores every extension an assembly of the app names with ExtensionInformation.
// No function is declared with an attribute (they come from the job spec), so the extension registers implicitly.
// The version is the one the official worker Kafka package (4.3.0) names. Behind a build switch (see the project
// file and docs/deploy.md) because builds without access to the package must still succeed.
#if SERVERLESSSTREAMS_KAFKA_EXTENSION
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

[assembly: ExtensionInformation(Election.KafkaExtension.Package, Election.KafkaExtension.Version, true)]
#endif

namespace Election
{
    /// <summary>The Functions host's Kafka extension a deployment of this app needs.</summary>
    public static class KafkaExtension
    {
        public const string Package = "Microsoft.Azure.WebJobs.Extensions.Kafka";
        public const string Version = "4.3.2";
    }
}
