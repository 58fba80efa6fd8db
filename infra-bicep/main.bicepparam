// The election sample (samples/election/Election) on Flex Consumption with Event Hubs.
using './main.bicep'

param jobName = 'election'

// The spec's path in the deployment package: the app publishes its job.json next to the executable.
param jobSpecPath = 'job.json'

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
  // The internal topics of the windowed tasks, as `generate --topics` lists them: neither groups by what the votes
  // are keyed by, so their segments are repartitioned by group key. all-votes has one key, so one partition.
  {
    name: 'all-votes'
    topic: 'election-all-votes-repartition'
    type: 'repartition'
    partitions: 1
    retentionInDays: 7
  }
  {
    name: 'by-candidate'
    topic: 'election-by-candidate-repartition'
    type: 'repartition'
    retentionInDays: 7
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
