// Package model holds the plain data types of aims: the configuration, the AI
// system inventory, agent configurations, audit-log events and findings. It
// does no I/O; pkg/load fills these types from YAML with source positions.
package model

// APIVersion is the only apiVersion aims reads and writes.
const APIVersion = "aims/v1"

// Kinds of YAML documents.
const (
	KindConfig    = "Config"
	KindInventory = "Inventory"
	KindAgent     = "Agent"
)
