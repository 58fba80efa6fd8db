// The election sample (functions/ServerlessStreams.App/samples/election) on Flex Consumption with Event Hubs.
using './main.bicep'

param jobName = 'election'

// The spec's path in the deployment package: the app publishes its samples/ folder next to the executable.
param jobSpecPath = 'samples/election/job.json'

param kafkaTasks = [
  {
    name: 'votes'
    topic: 'votes'
    type: 'input'
  }
  {
    name: 'results'
    topic: 'vote-results'
    type: 'output'
  }
]

// The job's deadLetter and lateData topics.
param extraTopics = [
  'election-dead-letters'
  'election-late'
]

param hostingPlanKind = 'FlexConsumption'
param runtimeName = 'dotnet-isolated'
param runtimeVersion = '10.0'
param maximumInstanceCount = 100
param instanceMemoryMB = 2048

// Empty: an Event Hubs namespace provides Kafka. For Confluent Cloud, see docs/deploy.md.
param externalKafkaBootstrapServers = ''
