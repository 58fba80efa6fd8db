// Types and naming rules shared by main.bicep and the modules. The naming functions mirror
// ServerlessStreams.Functions.Hosting.AppSettingNames; the infra tests hold the two together.

@export()
@description('A task of the job that reads or writes a Kafka topic.')
type kafkaTask = {
  @description('Task name, as in the job spec\'s catalog.')
  name: string

  @description('The Kafka topic (on Event Hubs: the event hub) the task reads or writes.')
  topic: string

  @description('input: a kafkaTrigger function reads the topic with consumer group ss-<job>-<task>; output: stages write to it; repartition: a windowed task\'s internal topic, written by the stages and read by its keyed-<task> function with consumer group ss-<job>-<task>.')
  type: 'input' | 'output' | 'repartition'

  @description('Partitions of the task\'s topic when the job decides them (an internal topic of a task without a group key has 1); absent: partitionCount.')
  @minValue(1)
  @maxValue(32)
  partitions: int?

  @description('Days the task\'s topic keeps records when the job decides it (an internal topic: the job\'s dedupeRetention); absent: retentionInDays.')
  @minValue(1)
  retentionInDays: int?
}

@export()
@description('An event hub to create: its name, partitions and retention.')
type eventHub = {
  name: string

  @minValue(1)
  @maxValue(32)
  partitionCount: int

  @minValue(1)
  @maxValue(7)
  retentionInDays: int
}

@export()
@description('A consumer group to declare on a topic.')
type consumerGroup = {
  @description('Topic (event hub) the group reads.')
  topic: string

  @description('Consumer group name, 1-50 characters.')
  @minLength(1)
  @maxLength(50)
  name: string
}

@export()
@description('How the function app is hosted: Flex Consumption (FC1) or Elastic Premium (EP1-EP3).')
type hostingPlan = 'FlexConsumption' | 'ElasticPremium'

@export()
@description('The app setting that holds a task\'s topic: Topic_<task>, every character other than an ASCII letter or digit replaced by an underscore.')
func topicSettingName(taskName string) string =>
  'Topic_${join(map(range(0, length(taskName)), i => contains('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', substring(taskName, i, 1)) ? substring(taskName, i, 1) : '_'), '')}'

@export()
@description('The consumer group of a task\'s kafkaTrigger function: ss-<job>-<task>.')
func consumerGroupName(jobName string, taskName string) string => 'ss-${jobName}-${taskName}'

@export()
@description('An App Service Key Vault reference to a secret (resolved with the app\'s managed identity).')
func keyVaultReference(vaultName string, secretName string) string =>
  '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})'

@export()
@description('Text fit for a host name label: lower case, every character other than a letter or digit replaced by a dash.')
func hostNameLabel(text string) string =>
  join(map(range(0, length(text)), i => contains('abcdefghijklmnopqrstuvwxyz0123456789', substring(toLower(text), i, 1)) ? substring(toLower(text), i, 1) : '-'), '')
