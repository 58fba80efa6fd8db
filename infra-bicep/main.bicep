// ServerlessStreams on Azure: one job's function app (.NET isolated) on Flex Consumption or Elastic Premium,
// its storage (host, window state, deployment package) reached by managed identity, Kafka on Event Hubs or an
// external cluster with the credentials in Key Vault, and Application Insights on a Log Analytics workspace.
// Deploy with: az deployment group create -g <group> --parameters infra-bicep/main.bicepparam (see docs/deploy.md).

import {
  kafkaTask
  consumerGroup
  hostingPlan
  topicSettingName
  consumerGroupName
  keyVaultReference
  hostNameLabel
} from 'modules/types.bicep'

metadata description = 'ServerlessStreams function app, storage, Kafka (Event Hubs or external) and monitoring'

// ---------------------------------------------------------------- the job

@description('The job\'s name, as in its spec; consumer groups are named ss-<job>-<task>.')
@minLength(1)
param jobName string

@description('The job spec the app runs, relative to the app\'s folder in the deployment package.')
param jobSpecPath string = 'job.json'

@description('The job\'s Kafka tasks, as `generate --topics` lists them: each gets a Topic_<task> app setting; input and repartition tasks also get a consumer group.')
@minLength(1)
param kafkaTasks kafkaTask[]

@description('Further topics the job writes, such as its dead-letter and late-data topics (created on Event Hubs).')
param extraTopics string[] = []

@description('Further consumer groups to declare on Event Hubs (for example for tools reading an output topic).')
param extraConsumerGroups consumerGroup[] = []

@description('Largest ingestion request body in bytes, for every ingestible input (app setting IngestMaxBodyBytes, which wins over the spec); 0 keeps each input\'s ingest.maxBodyBytes.')
@minValue(0)
param ingestMaxBodyBytes int = 0

@description('Largest ingested record in bytes (app setting IngestMaxRecordBytes, which wins over the spec); 0 keeps each input\'s ingest.maxRecordBytes.')
@minValue(0)
param ingestMaxRecordBytes int = 0

// ---------------------------------------------------------------- hosting

@description('Region of every resource.')
param location string = resourceGroup().location

@description('FlexConsumption (FC1, the default) or ElasticPremium.')
param hostingPlanKind hostingPlan = 'FlexConsumption'

@description('Function app name, globally unique. Empty: func-<job>-<token of subscription, group and job>.')
@maxLength(60)
param appName string = ''

@description('Runtime name: the app is a .NET isolated worker. The regional runtime catalog (az functionapp list-flexconsumption-runtimes) tells what a region offers.')
param runtimeName string = 'dotnet-isolated'

@description('.NET version the app runs on; 10.0 matches the app\'s net10.0 target (the newest .NET that Flex Consumption offers).')
param runtimeVersion string = '10.0'

@description('Flex Consumption: most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Flex Consumption: memory per instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Elastic Premium size.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param premiumSku string = 'EP1'

@description('Elastic Premium: most instances the plan may burst to.')
@minValue(1)
@maxValue(100)
param premiumMaximumElasticWorkerCount int = 20

@description('Elastic Premium: name of the package blob in the deployment container that the app runs from.')
param premiumPackageBlobName string = 'app.zip'

// ---------------------------------------------------------------- Kafka

@description('Bootstrap servers of an external Kafka cluster (such as Confluent Cloud). Empty: an Event Hubs namespace is created and used.')
param externalKafkaBootstrapServers string = ''

@secure()
@description('External Kafka: SASL user name (Confluent Cloud: the API key), stored in the Key Vault. Empty: set the secret yourself.')
param externalKafkaUsername string = ''

@secure()
@description('External Kafka: SASL password (Confluent Cloud: the API secret), stored in the Key Vault. Empty: set the secret yourself.')
param externalKafkaPassword string = ''

@description('Event Hubs: throughput units of the Standard namespace.')
@minValue(1)
@maxValue(40)
param eventHubsThroughputUnits int = 1

@description('Event Hubs: partitions per topic.')
@minValue(1)
@maxValue(32)
param partitionCount int = 4

@description('Event Hubs: days a topic keeps records.')
@minValue(1)
@maxValue(7)
param retentionInDays int = 7

// ---------------------------------------------------------------- monitoring

@description('Days the Log Analytics workspace keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Accept telemetry only from Microsoft Entra identities: the app authenticates with its managed identity.')
param disableAppInsightsLocalAuth bool = true

@description('Tags on every resource.')
param tags object = {
  application: 'serverless-streams'
  job: jobName
}

// ---------------------------------------------------------------- derived values

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, jobName))
var functionAppName = empty(appName) ? 'func-${hostNameLabel(take(jobName, 20))}-${resourceToken}' : appName
var isFlex = hostingPlanKind == 'FlexConsumption'
var useEventHubs = empty(externalKafkaBootstrapServers)
var storageAccountName = 'st${resourceToken}'
var vaultName = 'kv-${resourceToken}'
var appInsightsName = 'appi-${resourceToken}'
var deploymentContainerName = 'app-package'
var kafkaUsernameSecretName = 'kafka-username'
var kafkaPasswordSecretName = 'kafka-password'

var topics = union(map(kafkaTasks, task => task.topic), extraTopics)
// A task may decide its topic's partitions and retention (internal topics do); the Standard tier keeps records 7 days at most.
var eventHubTopics = map(topics, topic => {
  name: topic
  partitionCount: first(filter(kafkaTasks, task => task.topic == topic)).?partitions ?? partitionCount
  retentionInDays: min(first(filter(kafkaTasks, task => task.topic == topic)).?retentionInDays ?? retentionInDays, 7)
})
var consumerGroups = union(
  map(filter(kafkaTasks, task => task.type != 'output'), task => {
    topic: task.topic
    name: consumerGroupName(jobName, task.name)
  }),
  extraConsumerGroups
)

// Bad parameters fail the deployment before anything is created, with a message naming the parameter.
var taskNames = map(kafkaTasks, task => task.name)
var checkedKafkaTasks = length(union(taskNames, [])) == length(taskNames)
  ? kafkaTasks
  : fail('kafkaTasks: task names must be unique, got ${join(taskNames, ', ')}')
var groupsOnOtherTopics = filter(consumerGroups, group => !contains(topics, group.topic))
var checkedConsumerGroups = empty(groupsOnOtherTopics)
  ? consumerGroups
  : fail('extraConsumerGroups: ${join(map(groupsOnOtherTopics, group => '${group.name} reads ${group.topic}'), ', ')}, a topic neither kafkaTasks nor extraTopics names')

// ---------------------------------------------------------------- resources

module monitoring 'modules/monitoring.bicep' = {
  name: '${deployment().name}-monitoring'
  params: {
    location: location
    workspaceName: 'log-${resourceToken}'
    appInsightsName: appInsightsName
    retentionInDays: logRetentionInDays
    disableLocalAuth: disableAppInsightsLocalAuth
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: '${deployment().name}-storage'
  params: {
    location: location
    accountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    tags: tags
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: '${deployment().name}-keyvault'
  params: {
    location: location
    vaultName: vaultName
    tags: tags
  }
}

module eventHubs 'modules/eventHubs.bicep' = if (useEventHubs) {
  name: '${deployment().name}-eventhubs'
  params: {
    location: location
    namespaceName: 'evhns-${resourceToken}'
    throughputUnits: eventHubsThroughputUnits
    topics: eventHubTopics
    consumerGroups: checkedConsumerGroups
    vaultName: vaultName
    usernameSecretName: kafkaUsernameSecretName
    passwordSecretName: kafkaPasswordSecretName
    tags: tags
  }
  dependsOn: [
    keyVault
  ]
}

// External cluster: the credentials given at deployment go to the Key Vault; without them, set the secrets later.
module externalKafkaSecrets 'modules/kafkaSecrets.bicep' = if (!useEventHubs && !empty(externalKafkaPassword)) {
  name: '${deployment().name}-kafka-secrets'
  params: {
    vaultName: vaultName
    usernameSecretName: kafkaUsernameSecretName
    passwordSecretName: kafkaPasswordSecretName
    username: externalKafkaUsername
    password: externalKafkaPassword
  }
  dependsOn: [
    keyVault
  ]
}

module plan 'modules/hostingPlan.bicep' = {
  name: '${deployment().name}-plan'
  params: {
    location: location
    planName: 'plan-${resourceToken}'
    kind: hostingPlanKind
    premiumSku: premiumSku
    premiumMaximumElasticWorkerCount: premiumMaximumElasticWorkerCount
    tags: tags
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: '${deployment().name}-app'
  params: {
    location: location
    appName: functionAppName
    planId: plan.outputs.planId
    kind: hostingPlanKind
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    runtimeName: runtimeName
    runtimeVersion: runtimeVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    tags: tags
  }
}

module roles 'modules/roleAssignments.bicep' = {
  name: '${deployment().name}-roles'
  params: {
    appName: functionAppName
    principalId: functionApp.outputs.principalId
    storageAccountName: storageAccountName
    appInsightsName: appInsightsName
    vaultName: vaultName
  }
  // The storage account is already upstream: the function app needs its deployment container.
  dependsOn: [
    monitoring
    keyVault
  ]
}

// ---------------------------------------------------------------- app settings

var kafkaBootstrapServers = useEventHubs ? eventHubs!.outputs.bootstrapServer : externalKafkaBootstrapServers

// The names are those in ServerlessStreams.Functions.Hosting.AppSettingNames; the infra tests compare them.
var appReadSettings = union(
  {
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    KafkaBrokerList: kafkaBootstrapServers
    KafkaUsername: keyVaultReference(vaultName, kafkaUsernameSecretName)
    KafkaPassword: keyVaultReference(vaultName, kafkaPasswordSecretName)
    ServerlessStreamsJobSpec: jobSpecPath
  },
  toObject(checkedKafkaTasks, task => topicSettingName(task.name), task => task.topic)
)

// Optional overrides (AppSettingNames.Optional): set only when given, so the job spec's values apply otherwise.
var ingestLimitSettings = union(
  ingestMaxBodyBytes > 0 ? { IngestMaxBodyBytes: string(ingestMaxBodyBytes) } : {},
  ingestMaxRecordBytes > 0 ? { IngestMaxRecordBytes: string(ingestMaxRecordBytes) } : {}
)

var monitoringSettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  // Telemetry is sent with the app's system-assigned identity.
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
}

// Flex Consumption takes runtime and package location from functionAppConfig and rejects these settings;
// Elastic Premium needs them. The package is read from the deployment container with the app's identity, which
// also spares the Azure Files content share (reachable only with a storage key).
var premiumSettings = isFlex
  ? {}
  : {
      FUNCTIONS_EXTENSION_VERSION: '~4'
      FUNCTIONS_WORKER_RUNTIME: runtimeName
      WEBSITE_RUN_FROM_PACKAGE: '${storage.outputs.deploymentContainerUrl}/${premiumPackageBlobName}'
    }

module appSettings 'modules/appSettings.bicep' = {
  name: '${deployment().name}-settings'
  params: {
    siteName: functionAppName
    settings: union(appReadSettings, ingestLimitSettings, monitoringSettings, premiumSettings)
  }
  // Settings go on last: the host starts with them, and needs its roles and the Kafka secrets by then.
  dependsOn: [
    functionApp
    roles
    externalKafkaSecrets
  ]
}

// ---------------------------------------------------------------- outputs

@description('Function app name.')
output appName string = functionApp.outputs.appName

@description('Default host name of the function app.')
output defaultHostName string = functionApp.outputs.defaultHostName

@description('Kafka bootstrap servers the app uses.')
output kafkaBootstrapServers string = kafkaBootstrapServers

@description('Storage account of the app (host storage, window state, deployment package).')
output storageAccountName string = storageAccountName

@description('Blob container the deployment package is published to.')
output deploymentContainerUrl string = storage.outputs.deploymentContainerUrl

@description('Key Vault that holds the Kafka credentials (secrets kafka-username and kafka-password).')
output keyVaultName string = vaultName

@description('The hosting plan kind deployed.')
output hostingPlanKind string = hostingPlanKind
