// Event Hubs namespace with its Kafka endpoint: one event hub per topic, the consumer groups the functions use,
// and a Listen+Send SAS rule whose connection string becomes the Kafka password in the Key Vault.

import { consumerGroup, eventHub } from 'types.bicep'

@description('Region of the resources.')
param location string

@description('Namespace name: 6-50 letters, digits and dashes, starting with a letter, globally unique.')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Throughput units of the Standard namespace.')
@minValue(1)
@maxValue(40)
param throughputUnits int

@description('Topics to create as event hubs, with their partitions (fixed after creation on the Standard tier) and retention (Standard tier: at most 7 days).')
param topics eventHub[]

@description('Consumer groups to create; each names one of the topics.')
param consumerGroups consumerGroup[]

@description('Key Vault that receives the Kafka credentials.')
param vaultName string

@description('Secret name for the SASL user name.')
param usernameSecretName string

@description('Secret name for the SASL password.')
param passwordSecretName string

param tags object

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: throughputUnits
  }
  properties: {
    kafkaEnabled: true
    minimumTlsVersion: '1.2'
    // The Kafka endpoint authenticates SASL PLAIN with a SAS connection string, so local (SAS) auth stays on.
    disableLocalAuth: false
    publicNetworkAccess: 'Enabled'
  }
}

resource eventHubs 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = [
  for topic in topics: {
    parent: namespace
    name: topic.name
    properties: {
      partitionCount: topic.partitionCount
      messageRetentionInDays: topic.retentionInDays
    }
  }
]

// Event Hubs creates Kafka consumer groups when a client first joins them; declaring them here as well keeps the
// names the functions use in the deployment, and fails it early when a group names a topic that is not created.
resource groups 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = [
  for group in consumerGroups: {
    parent: eventHubs[indexOf(map(topics, topic => topic.name), group.topic)]
    name: group.name
  }
]

resource kafkaRule 'Microsoft.EventHub/namespaces/authorizationRules@2024-01-01' = {
  parent: namespace
  name: 'serverless-streams'
  properties: {
    rights: [
      'Listen'
      'Send'
    ]
  }
}

module secrets 'kafkaSecrets.bicep' = {
  name: '${deployment().name}-secrets'
  params: {
    vaultName: vaultName
    usernameSecretName: usernameSecretName
    passwordSecretName: passwordSecretName
    // Event Hubs' Kafka endpoint takes the literal user name $ConnectionString and the connection string as password.
    username: '$ConnectionString'
    password: kafkaRule.listKeys().primaryConnectionString
  }
}

// serviceBusEndpoint is https://<host>:443/ - the host is cloud-specific, so it is taken from there.
var namespaceHost = split(split(split(namespace.properties.serviceBusEndpoint, '//')[1], '/')[0], ':')[0]

@description('Namespace name.')
output namespaceName string = namespace.name

@description('Kafka bootstrap server: the namespace host on port 9093.')
output bootstrapServer string = '${namespaceHost}:9093'
