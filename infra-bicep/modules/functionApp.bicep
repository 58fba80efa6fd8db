// The function app (Linux, .NET isolated worker) with a system-assigned identity. On Flex Consumption its runtime,
// scaling and deployment package location live in functionAppConfig; on Elastic Premium they are app settings
// (set by main.bicep) and the site config turns on runtime scale monitoring, which Kafka triggers need there.

import { hostingPlan } from 'types.bicep'

@description('Region of the resources.')
param location string

@description('Function app name, globally unique (it is the host name\'s first label).')
@minLength(2)
@maxLength(60)
param appName string

@description('Resource id of the hosting plan.')
param planId string

@description('Flex Consumption or Elastic Premium (must match the plan).')
param kind hostingPlan

@description('Flex Consumption: URL of the blob container the deployment package is published to.')
param deploymentContainerUrl string

@description('Runtime name (dotnet-isolated): functionAppConfig on Flex Consumption, the Linux stack on Elastic Premium.')
param runtimeName string

@description('Runtime version: the .NET version, such as 10.0.')
param runtimeVersion string

@description('Flex Consumption: most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Flex Consumption: memory per instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

param tags object

var isFlex = kind == 'FlexConsumption'

var flexConfig = {
  deployment: {
    storage: {
      type: 'blobContainer'
      value: deploymentContainerUrl
      authentication: {
        type: 'SystemAssignedIdentity'
      }
    }
  }
  runtime: {
    name: runtimeName
    version: runtimeVersion
  }
  scaleAndConcurrency: {
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: planId
    reserved: true
    httpsOnly: true
    siteConfig: isFlex
      ? {
          minTlsVersion: '1.2'
        }
      : {
          // Elastic Premium takes the language stack from the site; Flex Consumption from functionAppConfig.
          linuxFxVersion: '${toUpper(runtimeName)}|${runtimeVersion}'
          minTlsVersion: '1.2'
          ftpsState: 'Disabled'
          functionsRuntimeScaleMonitoringEnabled: true
        }
    functionAppConfig: isFlex ? flexConfig : null
  }
}

@description('Function app name.')
output appName string = site.name

@description('Default host name (<app>.azurewebsites.net or the regional form).')
output defaultHostName string = site.properties.defaultHostName

@description('Principal id of the system-assigned identity.')
output principalId string = site.identity.principalId
