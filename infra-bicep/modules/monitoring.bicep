// Log Analytics workspace and the workspace-based Application Insights the function app reports to.

@description('Region of the resources.')
param location string

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Days the workspace keeps logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Accept telemetry only from Microsoft Entra identities (the app\'s managed identity), not from the instrumentation key alone.')
param disableLocalAuth bool

param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: disableLocalAuth
  }
}

@description('Name of the Application Insights component (role assignments are scoped to it).')
output appInsightsName string = appInsights.name

@description('Connection string for APPLICATIONINSIGHTS_CONNECTION_STRING; it names the resource, it grants nothing when local auth is disabled.')
output connectionString string = appInsights.properties.ConnectionString
