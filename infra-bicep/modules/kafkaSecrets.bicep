// Writes the Kafka SASL credentials into the Key Vault; the app settings only refer to them.

@description('Name of an existing Key Vault.')
param vaultName string

@description('Secret name for the SASL user name.')
param usernameSecretName string

@description('Secret name for the SASL password.')
param passwordSecretName string

@secure()
@description('SASL user name (Event Hubs: $ConnectionString; Confluent Cloud: the API key).')
param username string

@secure()
@description('SASL password (Event Hubs: a connection string; Confluent Cloud: the API secret).')
param password string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: vaultName
}

resource usernameSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: usernameSecretName
  properties: {
    value: username
    contentType: 'text/plain'
  }
}

resource passwordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: passwordSecretName
  properties: {
    value: password
    contentType: 'text/plain'
  }
}
