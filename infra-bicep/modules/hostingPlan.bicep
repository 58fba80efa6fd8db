// The plan the function app runs on: Flex Consumption (FC1, Linux) by default, or Elastic Premium.

import { hostingPlan } from 'types.bicep'

@description('Region of the resources.')
param location string

@description('Plan name.')
param planName string

@description('Flex Consumption or Elastic Premium.')
param kind hostingPlan

@description('Elastic Premium size (ignored on Flex Consumption).')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param premiumSku string

@description('Elastic Premium: most instances the plan may burst to (ignored on Flex Consumption, which scales per app).')
@minValue(1)
@maxValue(100)
param premiumMaximumElasticWorkerCount int

param tags object

var isFlex = kind == 'FlexConsumption'

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: premiumSku
        tier: 'ElasticPremium'
      }
  properties: {
    // reserved: true makes the plan Linux, which Flex Consumption requires and the Premium variant uses too.
    reserved: true
    maximumElasticWorkerCount: isFlex ? null : premiumMaximumElasticWorkerCount
  }
}

@description('Resource id of the plan.')
output planId string = plan.id
