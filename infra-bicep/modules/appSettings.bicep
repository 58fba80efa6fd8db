// The function app's app settings, applied once its identity holds its roles, so the host's first start can
// already reach storage and resolve the Key Vault references.

@description('Name of the function app.')
param siteName string

@description('Every app setting, name to value: this replaces the app\'s settings as a whole.')
param settings object

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: siteName
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: settings
}
