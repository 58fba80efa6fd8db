// The Key Vault that holds the Kafka credentials. Access is by Azure RBAC only: the app reads secrets through
// Key Vault references with its managed identity; templates write them through the control plane.

@description('Region of the resources.')
param location string

@description('Key Vault name: 3-24 letters, digits and dashes, globally unique.')
@minLength(3)
@maxLength(24)
param vaultName string

param tags object

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // Short retention so that a deleted environment can be recreated under the same name within a week.
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

@description('Key Vault name (the app settings refer to it).')
output vaultName string = vault.name
