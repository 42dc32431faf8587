export { createPipeline, type IngestOutcome, type Pipeline, type PipelineOptions, type RawRecord, type Rejection } from './pipeline.ts';
export { QueueFullError, WriteQueue } from './write-queue.ts';
